/**
 * Topic-neutral words and templates that the demo text generator fills with topic terms.
 *
 * Slots: `{a}` and `{b}` are the article's focus terms, `{A}` is `{a}` with a capital first
 * letter, `{t}` is any term of the article's category, `{n}` a common noun, `{v}` a verb, `{j}`
 * an adjective and `{k}` a small count. The common words carry no topic signal, so a model that
 * reads the text has to find the topic terms among them.
 */

export const TITLE_TEMPLATES: readonly string[] = [
  'A practical guide to {a}',
  '{A} in production: lessons learned',
  'How we moved from {a} to {b}',
  '{A} vs {b}: which one to choose',
  'Getting started with {a}',
  'Debugging {a} the hard way',
  'Understanding {a} and {b}',
  '{k} things I wish I knew about {a}',
  'Why {a} matters for {b}',
  'Speeding up {a} with {b}',
  'Testing {a}: a field guide',
  'What is new in {a} this year',
  'Building a {b} workflow around {a}',
  'Common {a} mistakes and how to avoid them',
  'Inside {a}: how it really works',
  'From zero to {a} in a weekend',
  'A deep dive into {a}',
  'Scaling {a} for a growing team',
  'Notes on {a} and {b}',
  'The case for {a}',
  '{A} patterns that survived code review',
  'When not to use {a}',
];

export const SENTENCE_TEMPLATES: readonly string[] = [
  '{A} makes it {j} to {v} the {n}.',
  'Most teams {v} {a} before they think about {t}.',
  'We learned that {a} works best when the {n} stays {j}.',
  'The {j} part is how {a} interacts with {t}.',
  'If your {n} depends on {t}, {v} it early.',
  'In our {n}, {a} cut the time to {v} by half.',
  'A {j} {n} around {b} saves hours of work.',
  'Here is how {t} fits into a {j} {n}.',
  'Do not {v} {a} without measuring the {n} first.',
  'The documentation for {b} rarely mentions the {n}.',
  '{A} and {t} solve different problems.',
  'Start with a {j} {n} and add {t} later.',
  'Our {n} broke twice before we understood {a}.',
  'You can {v} {b} in a few lines, but the {n} needs care.',
  'The {k} rules below keep {a} {j} as the {n} grows.',
  'Every {n} we reviewed used {t} in a slightly different way.',
  'It took a {j} {n} to show why {a} matters.',
  'People often ask whether {t} is worth the {n}.',
];

export const COMMON_NOUNS: readonly string[] = [
  'team', 'service', 'project', 'release', 'workflow', 'codebase', 'deadline', 'budget',
  'benchmark', 'prototype', 'migration', 'incident', 'dashboard', 'review', 'backlog', 'design',
  'interface', 'library', 'request', 'configuration', 'deployment', 'product', 'roadmap', 'test suite',
  'postmortem', 'checklist', 'platform', 'feature', 'experiment', 'sprint', 'refactor', 'module',
  'pipeline', 'process', 'setup', 'baseline', 'trade-off', 'user', 'customer', 'workload',
];

export const COMMON_VERBS: readonly string[] = [
  'build', 'ship', 'measure', 'refactor', 'test', 'deploy', 'monitor', 'profile', 'review',
  'document', 'debug', 'automate', 'migrate', 'scale', 'tune', 'simplify', 'replace', 'split',
  'cache', 'validate', 'benchmark', 'isolate', 'upgrade', 'trace',
];

export const COMMON_ADJECTIVES: readonly string[] = [
  'simple', 'small', 'reliable', 'fast', 'slow', 'tricky', 'boring', 'predictable', 'fragile',
  'clean', 'large', 'hard', 'easy', 'cheap', 'expensive', 'stable', 'surprising', 'careful',
  'readable', 'solid', 'modest', 'painful', 'obvious', 'subtle',
];

export const FIRST_NAMES: readonly string[] = [
  'Ana', 'Bruno', 'Chen', 'Dara', 'Elif', 'Farah', 'Gustavo', 'Hana', 'Ines', 'Jonas', 'Kemal',
  'Lena', 'Mateo', 'Nadia', 'Omar', 'Priya', 'Quentin', 'Rosa', 'Sven', 'Tomas', 'Uma', 'Viktor',
  'Wen', 'Ximena', 'Yusuf', 'Zoe', 'Aiko', 'Bilal', 'Carmen', 'Dmitri', 'Esther', 'Felix',
  'Giulia', 'Hugo', 'Ingrid', 'Jamal', 'Kofi', 'Laura', 'Mei', 'Nikolai',
];

export const LAST_NAMES: readonly string[] = [
  'Silva', 'Okafor', 'Nakamura', 'Schmidt', 'Kowalski', 'Haddad', 'Rossi', 'Novak', 'Andersen',
  'Garcia', 'Kim', 'Dubois', 'Petrov', 'Mensah', 'Oliveira', 'Yilmaz', 'Fischer', 'Lindqvist',
  'Costa', 'Moreau', 'Sato', 'Nguyen', 'Horvath', 'Byrne', 'Larsen', 'Romero', 'Tanaka', 'Weber',
  'Ibrahim', 'Kaur', 'Murphy', 'Santos', 'Jansen', 'Morales', 'Cohen', 'Eriksen',
];
