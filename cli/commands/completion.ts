import type { Command } from 'commander';
import type { CommandIo } from '../io.js';

interface Node {
  readonly path: string;
  readonly words: readonly string[];
}

/** Every command path (`""`, `"execution"`, …) with the words that may follow it. */
function tree(program: Command): Node[] {
  const nodes: Node[] = [];
  const walk = (command: Command, path: string): void => {
    const subs = command.commands.filter((c) => c.name() !== 'help');
    const options = command.options.map((o) => o.long).filter((l): l is string => l !== undefined);
    nodes.push({ path, words: [...subs.map((c) => c.name()), ...options] });
    for (const sub of subs) walk(sub, path === '' ? sub.name() : `${path} ${sub.name()}`);
  };
  walk(program, '');
  return nodes;
}

function bash(nodes: readonly Node[]): string {
  const cases = nodes.map((n) => `    "${n.path}") words="${n.words.join(' ')}" ;;`).join('\n');
  return `# bash completion for convection: source <(convection completion bash)
_convection() {
  local cur path word i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  path=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    [[ $word == -* ]] && continue
    case " $(_convection_words "$path") " in
      *" $word "*) path="\${path:+$path }$word" ;;
    esac
  done
  COMPREPLY=($(compgen -W "$(_convection_words "$path")" -- "$cur"))
}
_convection_words() {
  local words=""
  case "$1" in
${cases}
  esac
  echo "$words"
}
complete -o default -F _convection convection
`;
}

function zsh(nodes: readonly Node[]): string {
  return `#compdef convection
# zsh completion for convection: source <(convection completion zsh)
autoload -U +X bashcompinit && bashcompinit
${bash(nodes)}`;
}

/** `convection completion bash|zsh`: a completion script built from the command tree itself. */
export function registerCompletion(program: Command, io: CommandIo, setExit: (code: number) => void): void {
  program
    .command('completion')
    .description('print a shell completion script: source <(convection completion bash)')
    .argument('<shell>', 'bash or zsh')
    .action((shell: string) => {
      if (shell !== 'bash' && shell !== 'zsh') {
        io.err(`convection: completion: unsupported shell "${shell}" (use bash or zsh)\n`);
        return setExit(2);
      }
      const nodes = tree(program);
      io.out(shell === 'bash' ? bash(nodes) : zsh(nodes));
      setExit(0);
    });
}
