import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function play(input: string, args: string[] = []): { out: string; code: number | null } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/play.ts', 'scenarios/degat-des-eaux-nuit.yaml', ...args], {
    input,
    encoding: 'utf8',
  });
  return { out: r.stdout + r.stderr, code: r.status };
}

const SENIOR = '1\n1\n1\n4\n1\n1\n1\n1\n2\n';

describe('npm run play', () => {
  it('plays a guided attempt from stdin to an outcome and prints the ScoreCard', () => {
    const { out, code } = play(SENIOR);
    expect(code).toBe(0);
    expect(out).toContain('── Bilan — Fuite au plafond, un soir (v1) ──');
    expect(out).toContain('Issue : réussite');
    expect(out).toMatch(/Note : 100 %/);
  });

  it('prints the same card for the same input', () => {
    const card = (s: string) => s.slice(s.indexOf('── Bilan'));
    const input = '2\n2\n1\n1\n3\n';
    expect(card(play(input).out)).toBe(card(play(input).out));
  });

  it('works through npm run, as the README says', () => {
    const r = spawnSync('npm', ['run', '--silent', 'play', '--', 'scenarios/degat-des-eaux-nuit.yaml'], { input: SENIOR, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Issue : réussite');
  });

  it('plays free text with the embedded understanding, and asks to rephrase what it cannot place', () => {
    const { out } = play("Bonsoir madame, je suis Karim de la permanence\nqsdfqsdf\nq\n", ['--free']);
    expect(out).toContain('(compris comme greet');
    expect(out).toMatch(/Pardon \? Je n'ai pas compris|Excusez-moi, vous pouvez répéter/);
    expect(out).toContain('Séance abandonnée.');
  });

  it('a senior playing in their own words reaches success at 100 %', () => {
    const replies = [
      'Bonsoir madame, Karim, je suis de permanence chez le bailleur',
      'Je comprends que vous soyez inquiète, racontez-moi ce qui se passe',
      "est-ce que l'eau coule près d'une lampe ou d'une prise ? coupez le disjoncteur de la cuisine",
      'vous êtes seule chez vous ? vous allez bien ?',
      'votre voisin du dessus est chez lui en ce moment ?',
      "je demande au plombier d'astreinte de passer, il sera là dans les 4 heures maximum",
      'déclarez le sinistre à votre assurance dans les 5 jours ouvrés et faites un constat amiable avec le voisin',
      'je vous donne le numéro de votre demande : DDE 4471',
      'je récapitule : le plombier passe ce soir, vous déclarez à votre assureur. Bonne soirée madame',
    ];
    const { out } = play(`${replies.join('\n')}\n`, ['--free']);
    expect(out).toContain('Issue : réussite');
    expect(out).toMatch(/Note : 100 %/);
  });

  it('shows the hint and counts it; rejects a choice that does not exist', () => {
    const { out } = play('?\n9\nq\n');
    expect(out).toContain('Indice du senior : Commencez par vous présenter');
    expect(out).toContain('Tapez un numéro entre 1 et 3.');
    expect(out).toContain('1 indice(s)');
  });

  it('refuses an invalid scenario with located errors and no stack trace', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/play.ts', 'tests/fixtures/does-not-exist.yaml'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('file_unreadable');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
