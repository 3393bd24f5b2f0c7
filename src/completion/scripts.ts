/**
 * The completion scripts `kiosk completion <shell>` prints, and the answers
 * `kiosk complete <shell> -- …` gives them. Each script hands kiosk the
 * command line as data (quoted variables, never `eval`), and puts kiosk's
 * answer into the shell's list of candidates as literal text (never through
 * `compgen -W`, which expands `$(…)`). Values are quoted for insertion here
 * for bash, and by the shell itself for zsh (compadd) and fish. Sourcing a
 * script again only redefines its functions.
 */
import type { Completion } from './engine.js';
import { bashReply, splitLine } from './shell-words.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/**
 * The reply's first line says what follows: `values` (one candidate a
 * line; `value<TAB>description` for zsh and fish), or `files <kind>` with
 * the prefix to complete paths from, then what to cut from the front of
 * each path and what to put there instead, so that it replaces exactly the
 * text the shell completes (for bash, what follows the last `=` or `:`).
 */
const BASH = `# kiosk completion for bash: source <(kiosk completion bash), or save it where
# bash-completion looks (~/.local/share/bash-completion/completions/kiosk).
_kiosk_complete() {
    local line=\${COMP_LINE:0:COMP_POINT} kind prefix strip
    local -a reply=()
    mapfile -t reply < <(command kiosk complete bash -- "$COMP_WORDBREAKS" "$line" 2>/dev/null)
    COMPREPLY=()
    kind=\${reply[0]-}
    case $kind in
    values)
        COMPREPLY=("\${reply[@]:1}")
        ;;
    files\\ *)
        prefix=\${reply[1]-}
        strip=\${reply[2]-}
        compopt -o filenames 2>/dev/null
        case $kind in
        *dirs) mapfile -t COMPREPLY < <(compgen -d -- "$prefix") ;;
        *markdown) mapfile -t COMPREPLY < <(compgen -d -- "$prefix"; compgen -f -X '!*.[mM][dD]' -- "$prefix"; compgen -f -X '!*.[mM][aA][rR][kK][dD][oO][wW][nN]' -- "$prefix") ;;
        *) mapfile -t COMPREPLY < <(compgen -f -- "$prefix") ;;
        esac
        if [[ -n $strip ]]; then COMPREPLY=("\${COMPREPLY[@]#"$strip"}"); fi
        if [[ -n \${reply[3]-} ]]; then COMPREPLY=("\${COMPREPLY[@]/#/"\${reply[3]}"}"); fi
        ;;
    esac
}
complete -F _kiosk_complete kiosk
`;

const ZSH = `#compdef kiosk
# kiosk completion for zsh: kiosk completion zsh > "\${fpath[1]}/_kiosk", or
# source <(kiosk completion zsh) after compinit.
compdef _kiosk kiosk 2>/dev/null

_kiosk() {
    local -a reply values shown
    local kind entry
    reply=("\${(@f)$(command kiosk complete zsh -- "\${(@Q)words[2,CURRENT-1]}" "\${(Q)PREFIX}" 2>/dev/null)}")
    kind=\${reply[1]}
    case $kind in
    values)
        for entry in "\${(@)reply[2,-1]}"; do
            [[ -z $entry ]] && continue
            values+=("\${entry%%$'\\t'*}")
            if [[ $entry == *$'\\t'?* ]]; then shown+=("\${entry%%$'\\t'*}  -- \${entry#*$'\\t'}"); else shown+=("\${entry%%$'\\t'*}"); fi
        done
        (( \${#values} )) && compadd -U -l -d shown -a values
        ;;
    files\\ *)
        [[ -n \${reply[3]} ]] && compset -P '*='
        case $kind in
        *dirs) _files -/ ;;
        *markdown) _files -g '*.(#i)(md|markdown)(-.)' ;;
        *) _files ;;
        esac
        ;;
    esac
}

if [[ \${funcstack[1]} == _kiosk ]]; then _kiosk "$@"; fi
`;

const FISH = `# kiosk completion for fish: kiosk completion fish > ~/.config/fish/completions/kiosk.fish
function __kiosk_complete
    set -l words (commandline -opc)
    set -e words[1]
    set -l reply (command kiosk complete fish -- $words (commandline -ct) 2>/dev/null)
    set -q reply[1]; or return
    switch $reply[1]
        case values
            set -e reply[1]
            printf '%s\\n' $reply
        case 'files dirs'
            for path in (__fish_complete_directories $reply[2] '')
                printf '%s%s\\n' $reply[3] $path
            end
        case 'files markdown'
            for path in (__fish_complete_suffix $reply[2] .md) (__fish_complete_suffix $reply[2] .markdown)
                printf '%s%s\\n' $reply[3] $path
            end
        case 'files *'
            for path in (__fish_complete_path $reply[2])
                printf '%s%s\\n' $reply[3] $path
            end
    end
end
complete -c kiosk -e
complete -c kiosk -f -a '(__kiosk_complete)'
`;

export function completionScript(shell: Shell): string {
  return { bash: BASH, zsh: ZSH, fish: FISH }[shell];
}

/** The words after `kiosk` that a shell's script sent, the last being the one under the cursor. */
export function typedWords(shell: Shell, args: readonly string[]): string[] {
  if (shell === 'bash') {
    const [wordBreaks = '', line = ''] = args;
    const { words, current } = splitLine(line, wordBreaks);
    return [...words.slice(1), current.value];
  }
  // fish sends the word under the cursor as typed: quotes and backslashes are its own to remove.
  if (shell === 'fish') return [...args.slice(0, -1), splitLine(args.at(-1) ?? '').current.value];
  return [...args];
}

/** The answer in the reply format the shell's script reads. */
export function reply(shell: Shell, args: readonly string[], completion: Completion): string {
  const current = shell === 'bash' ? splitLine(args[1] ?? '', args[0] ?? '').current : splitLine(args.at(-1) ?? '').current;
  const lines: string[] = [];
  if (completion.kind === 'files') {
    // What precedes the path in the word (`--dir=`): the shell's own file completion must not see it.
    const before = current.value.slice(0, current.value.length - completion.prefix.length);
    lines.push(`files ${completion.files}`);
    if (shell === 'bash') {
      // readline replaces only its text (after the last word break): paths are cut or lengthened to match it.
      const cut = completion.prefix.length - current.text.length;
      lines.push(completion.prefix, cut > 0 ? completion.prefix.slice(0, cut) : '', cut < 0 ? current.text.slice(0, -cut) : '');
    } else if (shell === 'fish') {
      lines.push(current.raw.slice(before.length), before);
    } else {
      lines.push(completion.prefix, before);
    }
    return lines.join('\n') + '\n';
  }
  lines.push('values');
  for (const { value, description } of completion.candidates) {
    if (shell !== 'bash') lines.push(description === '' ? value : `${value}\t${description}`);
    else {
      const inserted = bashReply(value, current);
      if (inserted !== null) lines.push(inserted);
    }
  }
  return lines.join('\n') + '\n';
}
