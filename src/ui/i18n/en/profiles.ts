import type { profiles as fr } from '../fr/profiles.ts';

export const profiles = {
  'profiles.title': 'Welcome to Palier',
  'profiles.welcome':
    'Palier is for practising conversations with tenants. The machine plays the tenant, never the agent: you reply, then a debrief shows you what worked, according to the rubrics written by senior staff.',
  'profiles.privacy':
    'No account, no server: your profiles and your practice stay on this device. Several people can share it, each with their own profile.',
  'profiles.choose.title': 'Choose your profile',
  'profiles.choose.help': 'Tap your name to pick up where you left off.',
  'profiles.choose.current': 'current profile',
  'profiles.create.title': 'Create a profile',
  'profiles.create.titleOther': 'New profile',
  'profiles.create.name': 'Your name or first name',
  'profiles.create.nameHelp': 'As it will be shown on this device, {max} characters at most.',
  'profiles.create.role': 'Your role',
  'profiles.create.roleHelp.junior': 'I practise conversations',
  'profiles.create.roleHelp.senior': 'I write and check scenarios',
  'profiles.create.roleHelp.formateur': 'I review and assess practice sessions',
  'profiles.create.submit': 'Create the profile and start',
  'profiles.create.saving': 'Saving…',
  'profiles.import.title': 'Already used Palier on another device?',
  'profiles.import.help':
    'Import your file, exported from the Settings of the other device: you will find your profile and your practice again, without creating a new one.',
  'profiles.error.label': 'Error:',
  'profiles.error.name-empty': 'enter a name, the field is empty.',
  'profiles.error.name-too-long': 'this name is too long: {max} characters at most, it has {length}.',
  'profiles.error.name-taken': 'the profile “{name}” already exists on this device. Choose it from the list, or use another name.',
  'profiles.error.save': 'the profile could not be saved on this device ({message}).',
  'profiles.error.list': 'The profiles on this device could not be read ({message}).',
} satisfies Record<keyof typeof fr, string>;
