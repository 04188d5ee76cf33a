/**
 * The scenario a senior starts from in the Atelier (« Nouveau scénario »): a small but complete
 * situation whose French comments explain each part of the language to someone who is not a
 * developer. It passes the checker with no error, so the senior changes a working scenario rather
 * than filling an empty form. Scenario text is French whatever the interface language.
 */

/** The id a new scenario gets, when free (`nouveau-scenario-2`, `-3`… otherwise). */
export const TEMPLATE_ID = 'nouveau-scenario';

export interface TemplateAuthor {
  name: string;
  role: string;
}

export interface TemplateOptions {
  id: string;
  author: TemplateAuthor;
  /** `AAAA-MM-JJ`: the review date written in the scenario. */
  reviewBy: string;
}

/**
 * A YAML double-quoted string: safe whatever the text holds (« : », quotes, accents). A JSON string
 * is a valid YAML double-quoted scalar.
 */
function quoted(text: string): string {
  return JSON.stringify(text.trim() === '' ? '…' : text.trim());
}

/**
 * The template's YAML source, with its id, author and review date filled in.
 *
 * @example
 * templateSource({ id: 'nouveau-scenario', author: { name: 'Mireille Dubois', role: 'Gardienne principale' }, reviewBy: '2027-11-29' });
 */
export function templateSource({ id, author, reviewBy }: TemplateOptions): string {
  return `# yaml-language-server: $schema=./scenario.schema.json
# ──────────────────────────────────────────────────────────────────────────────────────────────
# MODÈLE DE SCÉNARIO PALIER
#
# Ce fichier décrit une conversation d'entraînement : qui est le locataire, ce qu'il dit, comment
# il réagit à chaque réponse du junior, et comment la conversation est évaluée. Il fonctionne tel
# quel : remplacez les textes par votre situation, une partie à la fois, en vérifiant à chaque fois.
#
# Les lignes qui commencent par « # » sont des commentaires : Palier les ignore. Ils sont là pour
# vous guider ; vous pouvez les garder ou les effacer.
#
# Quatre règles d'écriture suffisent :
#   1. Les espaces en début de ligne comptent : ils disent ce qui appartient à quoi. Gardez les
#      lignes d'un même niveau bien alignées (deux espaces par niveau, jamais de tabulation).
#   2. Un texte qui contient « : » suivi d'une espace, ou qui commence par un guillemet, se met
#      entre guillemets droits : "Attention : c'est urgent."
#   3. Les identifiants (id, noms d'étapes, de faits, de drapeaux) s'écrivent en minuscules, sans
#      accent ni espace, avec des tirets : demande-origine, fin-reussie.
#   4. Une liste s'écrit soit une valeur par ligne après un tiret « - », soit entre crochets
#      séparée par des virgules : [accueil, empathie].
#
# Le vérificateur de l'Atelier signale chaque problème avec sa ligne et sa colonne. Un scénario
# ne peut être publié que sans aucune erreur ; les avertissements sont des conseils.
# ──────────────────────────────────────────────────────────────────────────────────────────────

schemaVersion: 1 # version du langage des scénarios : ne pas modifier
id: ${id} # identifiant du scénario, fixé à sa création : ne pas modifier
version: 1 # numéro de version : Palier l'augmente lui-même à chaque publication

# ── Fiche du scénario (ce que le junior voit dans le catalogue) ───────────────────────────────
title: Plus de lumière dans l'escalier
summary: >-
  Une locataire vient à la loge, agacée : l'éclairage de l'escalier de son bâtiment ne marche
  plus depuis la veille et elle a failli tomber. Il faut l'accueillir, entendre sa peur, repérer
  qui est en danger dans l'immeuble et s'engager sur un délai réaliste.
channel: loge # telephone, loge, visite-a-domicile ou accueil-agence
level: 1 # 1 = débutant, 2 = intermédiaire, 3 = confirmé
estimatedMinutes: 5
# Les compétences travaillées (liste commune dans competencies.yaml) : chaque critère de la
# grille, plus bas, en entraîne une.
competencies: [accueil, empathie, securite, engagement-suivi, exactitude-information]
author:
  name: ${quoted(author.name)}
  role: ${quoted(author.role)} # votre fonction, par exemple « Gardienne principale »
# Une fois le scénario relu par un responsable, ajoutez :
# validatedBy:
#   name: Prénom Nom
#   role: Responsable de secteur
# validatedOn: AAAA-MM-JJ
reviewBy: ${reviewBy} # date de relecture (AAAA-MM-JJ) : passée, le scénario est signalé

# ── Briefing : ce que l'agent sait AVANT la conversation (jamais les faits cachés) ────────────
briefing:
  context: >-
    Vous êtes à la loge, un mardi en fin de matinée. Une locataire du bâtiment C entre, son sac de
    courses à la main.
  objective: >-
    Accueillir la locataire, comprendre la situation, repérer les personnes en difficulté et
    lancer la réparation avec un délai que vous pouvez tenir.
  agentKnows:
    - Le contrat d'entretien prévoit une intervention de l'électricien sous 48 heures.
    - Chaque demande enregistrée reçoit un numéro de suivi.

# ── Le locataire, tel que la machine le joue ──────────────────────────────────────────────────
persona:
  name: Nadia Benali
  age: 34
  household: Mère de deux enfants, vit au 3e étage du bâtiment C
  situation: >-
    Depuis hier soir, la minuterie de l'escalier ne fonctionne plus. Elle est montée dans le noir
    avec sa fille et a raté une marche.
  temperament: Agacée mais de bonne foi ; se radoucit dès qu'on la prend au sérieux.
  speech: Parle vite, tutoie presque, phrases courtes ; dit souvent « franchement ».
  goals:
    - Que la lumière soit réparée vite.
    - Savoir quand, précisément.
  # Un fait caché n'est dit par le locataire que si le junior pose la bonne question, à la bonne
  # étape (releasedBy : l'acte qui le révèle, et dans quelles étapes).
  hiddenFacts:
    - id: voisin-fragile
      text: Le voisin du 4e, très âgé, ne sort plus de chez lui le soir depuis la panne.
      say:
        - Et puis M. Roche, au 4e, il a 85 ans… depuis hier il n'ose plus sortir le soir, il a peur de tomber.
      keywords: [Roche, 85 ans] # mots qui trahiraient ce fait s'il était dit trop tôt
      releasedBy:
        - act: ask-vulnerability
          in: [questions]

# ── L'humeur du locataire : une échelle ; au maximum, il part (issue « escalation ») ──────────
mood:
  name: agacement
  min: 0
  max: 10
  start: 5
  labels:
    - { from: 0, label: apaisée }
    - { from: 4, label: agacée }
    - { from: 8, label: sur le point de partir }

# ── Les actes ─────────────────────────────────────────────────────────────────────────────────
# Un acte est un geste du junior qui compte (se présenter, reconnaître l'émotion, promettre
# l'impossible…). Ce modèle n'utilise que des actes de la bibliothèque commune (acts.yaml). Pour
# ajouter un acte propre à votre scénario, ou des exemples de formulation à un acte commun :
# acts:
#   - id: proposer-lampe-provisoire
#     label: Proposer un éclairage provisoire
#     description: Propose une solution d'attente sans danger.
#     polarity: good # good = geste attendu, neutral = sans effet, bad = erreur de junior
#     examples:
#       - Je peux vous prêter une lampe de poche en attendant.
#   - extends: ask-vulnerability
#     examples:
#       - Il y a des personnes âgées dans votre cage d'escalier ?

# ── Les étapes de la conversation ─────────────────────────────────────────────────────────────
# Chaque étape a : ce que dit le locataire en y entrant (lines, une variante tirée au sort), les
# réponses proposées au junior en mode guidé (choices), les réactions à chaque acte (on), une
# réaction quand la réponse ne correspond à rien de prévu (otherwise) et l'indice du senior (hint).
# Dans « on », pour chaque acte : target = étape suivante (absente : on reste), mood = variation
# d'humeur (+ = s'énerve), say = réaction du locataire, set = drapeaux posés (pour s'en souvenir).
initial: accueil
states:
  accueil:
    label: Arrivée à la loge
    beat: Elle entre sans dire bonjour et veut qu'on l'écoute tout de suite.
    lines:
      - Franchement, c'est pas possible ! Il n'y a plus de lumière dans l'escalier du C !
      - Bonjour… enfin non, pas bonjour. L'escalier du C est dans le noir depuis hier soir !
    hint: Commencez par vous présenter calmement, avant d'entrer dans le problème.
    choices:
      - text: Bonjour madame, je suis Karim, le gardien. Je vous écoute.
        act: greet
      - text: Je suis occupé, repassez cet après-midi.
        act: dismiss
    on:
      greet:
        target: ecoute
        mood: -1
      dismiss:
        mood: 3
        say:
          - Cet après-midi ? Et ce soir je remonte encore dans le noir, c'est ça ?
    otherwise:
      mood: 1
      say:
        - Vous m'entendez ? Je vous dis qu'il n'y a plus de lumière !

  ecoute:
    label: Écoute
    beat: Elle raconte qu'elle a failli tomber avec sa fille ; elle a eu peur.
    lines:
      - Hier soir je suis montée avec ma fille et les courses, dans le noir complet. J'ai raté une marche, on a failli tomber toutes les deux.
    hint: Avant de parler de réparation, montrez-lui que vous avez entendu qu'elle a eu peur.
    choices:
      - text: Vous avez eu très peur, je comprends. Heureusement que vous ne vous êtes pas fait mal.
        act: acknowledge-emotion
      - text: Il fallait allumer la lampe de votre téléphone.
        act: blame
    on:
      acknowledge-emotion:
        target: questions
        mood: -2
      blame:
        mood: 3
        say:
          - Avec les courses et ma fille dans les bras ? Vous vous moquez de moi ?
    otherwise:
      mood: 1
      say:
        - J'ai failli me casser la jambe, vous comprenez ?

  questions:
    label: Comprendre
    beat: Elle attend qu'on fasse quelque chose ; elle ne pense pas d'elle-même aux voisins.
    lines:
      - Bon. Et qu'est-ce qu'on fait, maintenant ?
    hint: Qui, dans ce bâtiment, est le plus en danger sans lumière ? Posez la question.
    choices:
      - text: Il y a des personnes âgées ou qui ont du mal à se déplacer dans votre cage d'escalier ?
        act: ask-vulnerability
      - text: C'est tout l'escalier, ou seulement certains étages ?
        act: ask-detail-question
      - text: Ce sera réparé dans l'heure, promis.
        act: false-promise
    on:
      ask-vulnerability:
        target: solution
        mood: -1
      ask-detail-question:
        say:
          - Tout l'escalier, du rez-de-chaussée au 5e.
      false-promise:
        target: solution
        mood: -1
        set: [promesse-intenable] # un drapeau : on s'en sert plus bas, à la conclusion
        say:
          - Dans l'heure ? Bon… on verra bien.
    otherwise:
      mood: 1
      say:
        - Oui, d'accord, mais concrètement ?

  solution:
    label: Engagement
    beat: Elle veut une date précise pour la réparation.
    lines:
      - Et ça va être réparé quand, exactement ?
    hint: Un délai que vous pouvez tenir vaut mieux qu'une promesse. Que prévoit le contrat ?
    choices:
      - text: J'appelle l'électricien sous contrat maintenant ; il intervient sous 48 heures au plus tard.
        act: dated-commitment
      - text: L'électricité, ce n'est pas moi qui gère.
        act: dismiss
    on:
      dated-commitment:
        target: cloture
        mood: -2
      dismiss:
        mood: 3
        say:
          - Ce n'est pas vous ? Alors c'est qui ? Je vais finir par appeler l'agence !
    otherwise:
      mood: 1
      say:
        - Une date, s'il vous plaît.

  cloture:
    label: Conclusion
    beat: Elle est rassurée et voudrait pouvoir suivre sa demande.
    lines:
      - D'accord. Et si personne n'est venu jeudi ?
    hint: Laissez-lui de quoi suivre sa demande, puis concluez.
    choices:
      - text: Je vous donne le numéro de votre demande, le 2026-118 ; si rien n'est fait jeudi, revenez me voir. Bonne journée, madame.
        act: [give-reference, close] # une réponse peut porter plusieurs actes
      - text: Revenez me voir. Au revoir, madame.
        act: close
    on:
      # Une liste de réactions est essayée dans l'ordre : la première dont la condition (when)
      # est vraie s'applique. « said » : la même réponse porte aussi cet acte.
      close:
        - when: { all: [{ said: give-reference }, { not: { flag: promesse-intenable } }] }
          target: fin-reussie
        - target: fin-partielle
      give-reference:
        say:
          - C'est noté, merci.
    otherwise:
      say:
        - Oui ?

  # Les étapes finales : final: true et une issue (success, partial, failure ou escalation).
  fin-reussie:
    final: true
    outcome: success
    lines:
      - Merci, vraiment. Je préviens M. Roche que ce sera réparé d'ici jeudi.
  fin-partielle:
    final: true
    outcome: partial
    lines:
      - Bon… on verra bien. Au revoir.
  partie:
    final: true
    outcome: escalation
    lines:
      - Laissez tomber, j'appelle l'agence directement ! (Elle sort en claquant la porte.)
  fin-temps:
    final: true
    outcome: failure
    lines:
      - Bon, j'ai pas que ça à faire. Je repasserai. (Elle s'en va.)

# ── Règles de la conversation ────────────────────────────────────────────────────────────────
rules:
  turnLimit: { turns: 12, state: fin-temps } # au-delà de 12 tours, la conversation s'arrête
  escalation: { state: partie } # étape atteinte quand l'humeur arrive au maximum
  rephrase:
    - Pardon ? Je n'ai pas compris.

# ── La grille d'évaluation ────────────────────────────────────────────────────────────────────
# Chaque critère : une compétence, un poids (points), une règle vérifiée sur la conversation, et
# votre commentaire (note) montré au junior dans son bilan. Règles possibles : happened (l'acte a
# eu lieu), never (jamais), within (au plus tard au tour N), before, countAtLeast, reached (étape
# atteinte), released (fait révélé), outcomeIn, moodAtMost, hintsAtMost, combinées par all / any /
# not. Un critère « critical » manqué plafonne la note à criticalCap %.
# Un critère jugé par un formateur s'écrit avec « judged: { levels: [...] } » au lieu de « rule ».
rubric:
  criticalCap: 40
  criteria:
    - id: presentation
      label: Se présenter dès le premier tour
      competency: accueil
      weight: 2
      rule: { within: { act: greet, turns: 1 } }
      note: Se présenter calmement, c'est déjà faire baisser la tension.
      seniorWould: « Bonjour madame, je suis Karim, le gardien. Je vous écoute. »
    - id: peur-entendue
      label: Entendre sa peur
      competency: empathie
      weight: 3
      rule: { happened: acknowledge-emotion }
      note: Elle a failli tomber avec sa fille ; tant qu'elle ne se sent pas entendue, elle n'écoute pas la suite.
    - id: voisin-repere
      label: Repérer les personnes en danger
      competency: securite
      weight: 3
      rule: { released: voisin-fragile }
      note: Sans lumière, ce sont les personnes âgées qui risquent le plus. On pense à elles avant même de réparer.
      seniorWould: « Il y a des personnes âgées dans votre cage d'escalier ? »
    - id: delai-tenable
      label: S'engager sur un délai réaliste
      competency: engagement-suivi
      weight: 3
      rule: { happened: dated-commitment }
      note: Le délai vient du contrat (48 heures), pas de l'envie de rassurer.
    - id: pas-de-promesse
      label: Ne rien promettre d'intenable
      competency: exactitude-information
      weight: 3
      critical: true
      rule: { never: false-promise }
      note: « Dans l'heure » rassure maintenant et fâche ce soir.
    - id: reference
      label: Laisser un numéro de suivi
      competency: engagement-suivi
      weight: 2
      rule: { happened: give-reference }
      note: Avec un numéro, elle pourra revenir sans tout réexpliquer.

# ── Les parcours de test ─────────────────────────────────────────────────────────────────────
# Trois façons de jouer, écrites comme une suite d'actes : Palier les joue à chaque vérification,
# et leurs notes doivent être dans l'ordre poor < average < senior. Une étape peut aussi être un
# texte libre : { text: "Bonjour madame, je suis le gardien.", expect: greet }.
tests:
  poor: [dismiss, dismiss]
  average: [greet, acknowledge-emotion, false-promise, dated-commitment, close]
  senior: [greet, acknowledge-emotion, ask-vulnerability, dated-commitment, [give-reference, close]]
`;
}
