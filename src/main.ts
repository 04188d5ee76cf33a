import { mount } from 'svelte';
import App from './ui/app.svelte';
import './ui/global.css';

const target = document.getElementById('app');
if (target) mount(App, { target });
