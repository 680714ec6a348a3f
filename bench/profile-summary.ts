/**
 * What a CPU profile of the bench (`npm run bench -- --profile-api`) says, as text:
 * `node -r @swc-node/register bench/profile-summary.ts bench/results/profiles/api-….cpuprofile [top]`.
 * Prints the busy time (idle and the profiler's own work left out), the functions with the most
 * self time, the self time by where the code lives (each npm package, our libs and apps, Node's
 * own, GC) and charged to the nearest code up the stack, and the inclusive time of our functions.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const top = Number(topArg ?? 30);

const selfMicros = new Map<number, number>();
profile.samples.forEach((id, i) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

/** Where a function lives: an npm package, a folder of ours, Node itself, or V8 (GC, native). */
function placeOf(url: string, name: string): string {
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inPackage) return inPackage[1];
  const ours = /\/((?:libs|apps|bench)\/[^/]+)\//.exec(url);
  if (ours) return ours[1];
  if (url.startsWith('node:')) return 'node (internal)';
  return name.startsWith('(') ? name : 'native';
}

// The profiler's own start and stop (node:inspector, cpu-profiler.js) are not the api's work.
const ownWork = new Set<number>();
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const markOwn = (id: number): void => {
  ownWork.add(id);
  for (const child of nodes.get(id)?.children ?? []) markOwn(child);
};
for (const node of profile.nodes) if (node.callFrame.url === 'node:inspector') markOwn(node.id);

const byFunction = new Map<string, number>();
const byPlace = new Map<string, number>();
let idle = 0;
let profiler = 0;
let total = 0;
for (const node of profile.nodes) {
  const micros = selfMicros.get(node.id) ?? 0;
  const { functionName, url, lineNumber } = node.callFrame;
  total += micros;
  if (functionName === '(idle)' || ownWork.has(node.id)) {
    if (ownWork.has(node.id)) profiler += micros;
    else idle += micros;
    continue;
  }
  const name = `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(libs|apps|bench)\//, '$1/')}:${lineNumber + 1}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
  const place = placeOf(url, functionName);
  byPlace.set(place, (byPlace.get(place) ?? 0) + micros);
}

const busy = total - idle - profiler;

// Charged to the nearest package or folder of ours up the stack: the socket writes a query
// causes count for pg, those of a queue job for ioredis.
const parents = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
const isCode = (place: string) => !['native', 'node (internal)'].includes(place) && !place.startsWith('(');
const byCaller = new Map<string, number>();
// Inclusive time of our own functions (libs/, apps/): each sample counts once per function on its stack.
const inclusive = new Map<string, number>();
for (const node of profile.nodes) {
  const micros = selfMicros.get(node.id) ?? 0;
  if (micros === 0 || ownWork.has(node.id) || node.callFrame.functionName === '(idle)') continue;
  let charged: string | undefined;
  const seen = new Set<string>();
  for (let id: number | undefined = node.id; id !== undefined; id = parents.get(id)) {
    const { functionName, url, lineNumber } = nodes.get(id)!.callFrame;
    const place = placeOf(url, functionName);
    if (!charged && isCode(place)) charged = place;
    if (/^(libs|apps)\//.test(place)) {
      const name = `${functionName || '(anonymous)'} ${url.replace(/^.*?\/(libs|apps)\//, '$1/')}:${lineNumber + 1}`;
      if (!seen.has(name)) inclusive.set(name, (inclusive.get(name) ?? 0) + micros);
      seen.add(name);
    }
  }
  const place = charged ?? placeOf(node.callFrame.url, node.callFrame.functionName);
  byCaller.set(place, (byCaller.get(place) ?? 0) + micros);
}
const line = (micros: number, what: string) =>
  `${((100 * micros) / busy).toFixed(1).padStart(5)} %  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${what}`;
const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]).slice(0, top);
process.stdout.write(
  `${file}\nsampled ${(total / 1e6).toFixed(1)} s, busy ${(busy / 1e6).toFixed(1)} s (idle ${((100 * idle) / total).toFixed(0)} %, the profiler itself ${(profiler / 1e6).toFixed(1)} s); shares are of busy time\n`,
);
process.stdout.write(
  `\nself time by function\n${sorted(byFunction)
    .map(([name, micros]) => line(micros, name))
    .join('\n')}\n`,
);
process.stdout.write(
  `\nself time by place\n${sorted(byPlace)
    .map(([name, micros]) => line(micros, name))
    .join('\n')}\n`,
);
process.stdout.write(
  `\nself time charged to the nearest package or folder of ours on the stack\n${sorted(byCaller)
    .map(([name, micros]) => line(micros, name))
    .join('\n')}\n`,
);
process.stdout.write(
  `\ninclusive time of our functions\n${sorted(inclusive)
    .map(([name, micros]) => line(micros, name))
    .join('\n')}\n`,
);
