import type { Mode, Setting } from './config.js';
import type { Chosen } from './options.js';

/** FORCE_HYPERLINK, else the config's `hyperlinks`, else auto: the terminal is judged. */
export function hyperlinkChoice(env: Readonly<Record<string, string | undefined>>, configured?: Setting<Mode>): Chosen<Mode> {
  const forced = env.FORCE_HYPERLINK;
  if (forced !== undefined && forced !== '') return { value: Number.parseInt(forced, 10) !== 0 ? 'always' : 'never', source: 'FORCE_HYPERLINK' };
  if (configured) return { value: configured.value, source: `config line ${configured.line}` };
  return { value: 'auto', source: 'default' };
}

/**
 * Whether the terminal shows OSC 8 hyperlinks. FORCE_HYPERLINK decides when
 * set. Inside tmux the terminal's own variables (VTE_VERSION, TERM_PROGRAM)
 * describe the terminal outside it, yet tmux passes links on only from 3.4
 * and only to a client whose terminal has the `hyperlinks` feature: tmux is
 * asked (`#{client_termfeatures}`). Else supports-hyperlinks judges.
 */
export async function terminalHyperlinks(
  stream: { isTTY?: boolean },
  env: Readonly<Record<string, string | undefined>>,
  configured?: Setting<Mode>,
  tmuxFeatures: () => Promise<string | null> = () => askTmux(env),
): Promise<boolean> {
  const mode = hyperlinkChoice(env, configured).value;
  if (mode !== 'auto') return mode === 'always';
  if (!stream.isTTY) return false;
  if (env.TMUX !== undefined && env.TMUX !== '') {
    const features = await tmuxFeatures();
    return features !== null && features.trim().split(',').includes('hyperlinks');
  }
  const { createSupportsHyperlinks } = await import('supports-hyperlinks');
  return createSupportsHyperlinks(stream);
}

/** The features tmux knows of the client this runs in, or null (tmux too old, no client, not found). */
async function askTmux(env: Readonly<Record<string, string | undefined>>): Promise<string | null> {
  const { execFile } = await import('node:child_process');
  return new Promise((resolve) => {
    execFile('tmux', ['display-message', '-p', '#{client_termfeatures}'], { env, timeout: 2000, encoding: 'utf8' }, (error, stdout) =>
      resolve(error ? null : stdout),
    );
  });
}
