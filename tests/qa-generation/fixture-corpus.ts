import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SERVICES = [
  'alder',
  'birch',
  'cedar',
  'dogwood',
  'elm',
  'fir',
  'ginkgo',
  'hazel',
  'juniper',
  'larch',
  'maple',
  'oak',
];
const OWNERS = ['Ingrid Nakamura', 'Tomas Okafor', 'Priya Lindqvist', 'Mateo Fischer'];

/**
 * Twelve runbooks of the same shape (three phrasings) with different values, written as markdown
 * files into `dir`, with numbers, versions, code values and names to ask about. Most questions
 * name their service, so every probe answers them; the few that do not separate the probes.
 * Returns the file names.
 */
export function writeRunbooks(dir: string): string[] {
  return SERVICES.map((name, i) => {
    const file = `${name}.md`;
    const v = i % 3;
    const text = [
      `# The ${name} service`,
      '',
      [
        `The ${name} service stores invoices and was introduced in release ${2 + v}.${i}.0 of the platform.`,
        `Release ${2 + v}.${i}.0 first shipped ${name}, which keeps customer invoices.`,
        `Invoices live in ${name}, a service added with version ${2 + v}.${i}.0.`,
      ][v],
      [
        `The ${name} health endpoint answers on port ${7100 + i * 7}.`,
        `Monitoring probes reach ${name} on port ${7100 + i * 7}, where its health endpoint listens.`,
        `Port ${7100 + i * 7} serves the health checks of ${name}.`,
      ][v],
      `The team owning ${name} is led by ${OWNERS[i % OWNERS.length]}.`,
      [
        `Requests to ${name} time out after ${10 + i * 5} seconds.`,
        `A ${name} request is abandoned after ${10 + i * 5} seconds without a reply.`,
        `Calls into ${name} give up once ${10 + i * 5} seconds have passed.`,
      ][v],
      `To rotate ${name} credentials, operators run \`${name}ctl rotate --force\` from the bastion host.`,
      [
        `Backups of ${name} are kept for ${7 * (1 + (i % 5))} days in the \`${name}-archive\` bucket.`,
        `The \`${name}-archive\` bucket holds ${name} snapshots for ${7 * (1 + (i % 5))} days.`,
        `Old ${name} snapshots expire from cold storage after ${7 * (1 + (i % 5))} days.`,
      ][v],
      '',
    ].join('\n');
    writeFileSync(join(dir, file), text);
    return file;
  });
}
