import type { Command } from 'commander';
import { ExpressionError } from '../../engine/language/expressions/errors.js';
import { staticHost } from '../../engine/language/expressions/host.js';
import { evaluateString } from '../../engine/language/expressions/template.js';
import { dumpJson } from '../../engine/language/values/json.js';
import type { CommandIo } from '../io.js';
import { ArgumentError, readJsonArg, readJsonObjectArg } from '../read-json-arg.js';

/**
 * `convection eval 'EXPR' --context JSON`: evaluates like Mistral. EXPR may carry its delimiters
 * (`<% %>`, `{{ }}`, or text with several); a bare expression is YAQL, or Jinja with --jinja.
 */
export function registerEval(program: Command, io: CommandIo, setExit: (code: number) => void): void {
  program
    .command('eval')
    .description('evaluate a YAQL or Jinja expression and print the result as JSON')
    .argument('<expression>', "e.g. '$.items.where($.size > 2)' or '{{ _.x | length }}'")
    .option('--context <json>', 'data the expression sees as $ / _ (JSON, or @file)', '{}')
    .option('--env <json>', 'what env() returns (JSON object, or @file)')
    .option('--jinja', 'treat a bare expression as Jinja instead of YAQL')
    .action((expression: string, opts: { context: string; env?: string; jinja?: boolean }) => {
      try {
        const data = readJsonArg(opts.context, '--context');
        const env = readJsonObjectArg(opts.env, '--env');
        const hasDelimiters = /<%.*%>|{{.*}}|{%.*%}/s.test(expression);
        const text = hasDelimiters ? expression : opts.jinja ? `{{${expression}}}` : `<%${expression}%>`;
        const value = evaluateString(text, { data, host: staticHost({ env }) });
        io.out(dumpJson(value, { indent: 2 }) + '\n');
        setExit(0);
      } catch (e) {
        if (e instanceof ExpressionError || e instanceof ArgumentError) {
          io.err(`${e.message}\n`);
          return setExit(2);
        }
        throw e;
      }
    });
}
