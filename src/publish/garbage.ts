import * as v8 from 'v8';
import * as vm from 'vm';

/**
 * A full garbage collection of this thread's heap between two stages of a build, when the stage just ended
 * left much more heap behind than it found. V8 collects the old generation only once it has grown to a
 * multiple of what survived the last collection, and the main thread (no heap limit) has no other reason to.
 * Measured at 2,000 generated documents (memory5, main aaa7024): the search stage took the main thread's heap in
 * use from 70 to 310 MB, nearly all of it garbage, which stayed through the collection pages while they allocated
 * more, to 409 MB in use when V8 collected (down to 112 MB): the build's peak, 1,016 MB of RSS, was that moment.
 * Collected, the empty pages go back to the system and V8 measures the next growth from what is really live. A
 * collection costs about a millisecond per live MB, which a stage that left this much garbage behind has long
 * outweighed; a stage that did little (an incremental build) collects nothing.
 */
export const GARBAGE_WORTH_COLLECTING = 64 * 1024 * 1024;

let collect: (() => void) | null | undefined;

/**
 * V8's own full collection (global.gc) from a new context, where --expose-gc gives it: the CLI starts build and serve
 * with the flag (src/cli/v8-tiering.ts); a build run otherwise (the API, tests) sets it here. null where refused.
 */
function fullCollection(): (() => void) | null {
  if (collect === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      collect = vm.runInNewContext('gc') as () => void;
    } catch {
      collect = null;
    }
  }
  return collect;
}

/** The heap in use now: taken when a stage begins, handed to collectAfterStage when it ends. */
export function heapInUse(): number {
  return v8.getHeapStatistics().used_heap_size;
}

/** Collects this thread's garbage if the heap grew by GARBAGE_WORTH_COLLECTING or more since `before` (heapInUse). Returns whether it did. */
export function collectAfterStage(before: number): boolean {
  if (heapInUse() - before < GARBAGE_WORTH_COLLECTING) return false;
  const gc = fullCollection();
  gc?.();
  return gc !== null;
}

/**
 * The same within a long stage whose jobs hand this thread results it keeps a moment and drops (summaries,
 * rendered pages): polled after each job, it collects once the heap has grown by GARBAGE_WORTH_COLLECTING since the
 * last collection, and adds the time to the stage `collect-garbage`.
 */
export class GarbageWatch {
  private mark = heapInUse();

  constructor(private readonly timer: { add(stage: string, ms: number): void }) {}

  poll(): void {
    const started = performance.now();
    if (!collectAfterStage(this.mark)) return;
    this.timer.add('collect-garbage', performance.now() - started);
    this.mark = heapInUse();
  }
}
