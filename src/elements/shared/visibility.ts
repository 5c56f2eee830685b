/** What the shared observer calls when a target is at least half on screen, the first time. */
export const VISIBLE = Symbol();

/** An element that wants to know when it is first at least half on screen. */
export type VisibilityTarget = Element & { [VISIBLE](): void };

// One observer for the whole page: a page of 1,000 listing cards must not make 1,000.
let observer: IntersectionObserver | undefined;

/** Starts (or stops) watching `target` with the page's one IntersectionObserver. */
export function watchVisibility(target: VisibilityTarget, watch: boolean): void {
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const { target, intersectionRatio } of entries) {
        if (intersectionRatio >= 0.5) {
          observer!.unobserve(target);
          (target as VisibilityTarget)[VISIBLE]();
        }
      }
    },
    { threshold: 0.5 },
  );
  if (watch) observer.observe(target);
  else observer.unobserve(target);
}
