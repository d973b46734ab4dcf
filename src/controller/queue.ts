/**
 * @module controller/queue
 * A first-in first-out queue with O(1) removal at the head (Array.prototype.shift moves every element,
 * which made starting 100,000 loop items quadratic).
 */

export class Queue<T> {
  #items: T[] = [];
  #head = 0;

  constructor(items: Iterable<T> = []) {
    for (const i of items) this.#items.push(i);
  }

  get size(): number {
    return this.#items.length - this.#head;
  }

  push(item: T): void {
    this.#items.push(item);
  }

  peek(): T | undefined {
    return this.#items[this.#head];
  }

  shift(): T | undefined {
    if (this.#head >= this.#items.length) return undefined;
    const item = this.#items[this.#head]!;
    this.#head++;
    // give the space back once most of the array is consumed
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }
}
