/**
 * @module cli/render/icons
 * The status marks and colours of `argo get`/`argo watch`: `◷ ● ✔ ○ ✖ ⚠` for node phases (words under
 * `--no-utf8`), `ǁ` for a running suspend node, and the condition marks. Colour is ANSI SGR, reset with
 * `ESC[0m`.
 *
 * Invariant: with colour on, every mark in the STEP column (and the `STEP` heading itself, in the terminal's
 * default colour) carries exactly one colour sequence, so each cell is inflated by the same 9 characters and
 * the column widths that `table.ts` computes from raw character counts stay aligned on screen, as in Argo.
 * With colour off no escape sequence is emitted anywhere.
 */

import type { NodePhase, NodeType } from '../../spec/types.ts';

export const Sgr = {
  Red: 31,
  Green: 32,
  Yellow: 33,
  Cyan: 36,
  Default: 39,
} as const;
export type Sgr = (typeof Sgr)[keyof typeof Sgr];

/** Wraps `text` in one colour sequence, or returns it unchanged when colour is off. */
export function ansiFormat(text: string, code: Sgr, color: boolean): string {
  return color ? `\x1b[${code}m${text}\x1b[0m` : text;
}

interface Mark {
  utf8: string;
  ascii: string;
  code: Sgr;
}

/** Omitted has no mark in Argo (`argo get` hides Omitted nodes); it renders as an empty string. */
const phaseMarks: Partial<Record<NodePhase, Mark>> = {
  Pending: { utf8: '◷', ascii: 'Pending', code: Sgr.Yellow },
  Running: { utf8: '●', ascii: 'Running', code: Sgr.Cyan },
  Succeeded: { utf8: '✔', ascii: 'Succeeded', code: Sgr.Green },
  Skipped: { utf8: '○', ascii: 'Skipped', code: Sgr.Default },
  Failed: { utf8: '✖', ascii: 'Failed', code: Sgr.Red },
  Error: { utf8: '⚠', ascii: 'Error', code: Sgr.Red },
};

const suspendMark: Mark = { utf8: 'ǁ', ascii: 'Suspend', code: Sgr.Cyan };

const conditionMarks: Record<string, Mark> = {
  MetricsError: { utf8: '✖', ascii: 'Error', code: Sgr.Red },
  SpecWarning: { utf8: '⚠', ascii: 'Warning', code: Sgr.Yellow },
};

export interface MarkStyle {
  color: boolean;
  utf8: boolean;
}

function render(mark: Mark | undefined, style: MarkStyle): string {
  if (!mark) return '';
  return ansiFormat(style.utf8 ? mark.utf8 : mark.ascii, mark.code, style.color);
}

export function phaseIcon(phase: NodePhase, style: MarkStyle): string {
  return render(phaseMarks[phase], style);
}

/** The mark Argo shows instead of the phase mark for a suspend node that is waiting (type Suspend, Running). */
export function nodeTypeIcon(type: NodeType, style: MarkStyle): string {
  return render(type === 'Suspend' ? suspendMark : undefined, style);
}

/** Marks of workflow conditions; condition types without one (Completed, PodRunning, ...) get ''. */
export function conditionIcon(type: string, style: MarkStyle): string {
  return render(conditionMarks[type], style);
}
