/**
 * What a CPU profile of the bench (`npm run bench -- --profile-api`) says, as text:
 * `node -r @swc-node/register bench/profile-summary.ts bench/results/profiles/api-….cpuprofile [top]`.
 * Prints the busy time (idle left out), the functions with the most self time, and the self
 * time by where the code lives (each npm package, our libs and apps, Node's own, GC).
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
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

const byFunction = new Map<string, number>();
const byPlace = new Map<string, number>();
let idle = 0;
let total = 0;
for (const node of profile.nodes) {
  const micros = selfMicros.get(node.id) ?? 0;
  const { functionName, url, lineNumber } = node.callFrame;
  total += micros;
  if (functionName === '(idle)') {
    idle += micros;
    continue;
  }
  const name = `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(libs|apps|bench)\//, '$1/')}:${lineNumber + 1}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
  const place = placeOf(url, functionName);
  byPlace.set(place, (byPlace.get(place) ?? 0) + micros);
}

const busy = total - idle;
const line = (micros: number, what: string) => `${((100 * micros) / busy).toFixed(1).padStart(5)} %  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${what}`;
const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]).slice(0, top);
process.stdout.write(`${file}\nsampled ${(total / 1e6).toFixed(1)} s, busy ${(busy / 1e6).toFixed(1)} s (idle ${((100 * idle) / total).toFixed(0)} %); shares are of busy time\n`);
process.stdout.write(`\nself time by function\n${sorted(byFunction).map(([name, micros]) => line(micros, name)).join('\n')}\n`);
process.stdout.write(`\nself time by place\n${sorted(byPlace).map(([name, micros]) => line(micros, name)).join('\n')}\n`);
