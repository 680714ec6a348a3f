import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** What a problem `code` looks like: a snake_case word (messages have spaces, so they never match). */
const CODE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

/** Where a code is raised: the file and line, so a missing translation says where it comes from. */
export type RaisedCodes = Map<string, string>;

/** Codes built at run time (`payment_${what}_mismatch`): their template's text -> where. */
export type CodeTemplates = Map<string, string>;

const isTestPath = (path: string) => /(^|\/)(test|__tests__)\//.test(path) || /\.(spec|test)\.ts$/.test(path);

function sourceFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(path);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !isTestPath(relative(root, path))) files.push(path);
    }
  };
  for (const top of ['apps', 'libs']) {
    for (const project of readdirSync(join(root, top), { withFileTypes: true })) {
      if (project.isDirectory()) walk(join(root, top, project.name, 'src'));
    }
  }
  return files;
}

/** The string values an expression can have when it is written out: literals, and both arms of a `?:`. */
function literalsOf(node: ts.Expression): string[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isConditionalExpression(node)) return [...literalsOf(node.whenTrue), ...literalsOf(node.whenFalse)];
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node)) return literalsOf(node.expression);
  return [];
}

/**
 * Every problem code the code base can raise, found in its source (apps and libs, tests left out)
 * the way a reader would. The error classes are every class that descends from DomainError. A
 * code is a snake_case string literal (or either arm of a `?:`) given where a constructor takes
 * its code: DomainError's first parameter, a parameter named `code` (InvalidInputError,
 * ForbiddenError, and any subclass that passes one on), or the noun NotFoundError and
 * ProviderUnavailableError make `<noun>_not_found` and `<noun>_unavailable` of; a literal in a
 * subclass's own `super(...)` call; a snake_case default of a parameter named `code`; and, where
 * a function hands one of its parameters on to such a constructor, the literals its callers pass
 * there (positiveKrw(..., 'invalid_amount'), this.visible(actor, p, 'prepayment', id)).
 * A code built from a template in a code position is returned apart, for the test to expand;
 * a code position holding anything else the source does not spell (a variable) is `unresolved`.
 */
export function raisedCodes(root: string): { codes: RaisedCodes; templates: CodeTemplates; unresolved: CodeTemplates } {
  const parsed = sourceFiles(root).map((path) => ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true));
  const parentOf = new Map<string, string>();
  /** The parameter names of each class's own constructor, for classes that declare one. */
  const constructorOf = new Map<string, string[]>();
  const parameterNames = (parameters: ts.NodeArray<ts.ParameterDeclaration>) =>
    parameters.map((parameter) => (ts.isIdentifier(parameter.name) ? parameter.name.text : ''));
  for (const file of parsed) {
    const visit = (node: ts.Node) => {
      if (ts.isClassDeclaration(node) && node.name) {
        const heritage = node.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
        if (heritage && ts.isIdentifier(heritage.expression)) parentOf.set(node.name.text, heritage.expression.text);
        const declared = node.members.find(ts.isConstructorDeclaration);
        if (declared) constructorOf.set(node.name.text, parameterNames(declared.parameters));
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  const ancestry = (name: string): string[] => {
    const chain = [name];
    for (let parent = parentOf.get(name); parent && !chain.includes(parent); parent = parentOf.get(parent)) chain.push(parent);
    return chain;
  };
  const isDomainError = (name: string) => ancestry(name).includes('DomainError');
  /** How the arguments of `new name(...)` (or a super call into `name`) make the code. */
  const codeFrom = (name: string): ((args: readonly ts.Expression[]) => { arg: ts.Expression; code: (value: string) => string } | null) => {
    const declaring = ancestry(name).find((candidate) => candidate === 'DomainError' || constructorOf.has(candidate));
    const at =
      (index: number, code: (value: string) => string = (value) => value) =>
      (args: readonly ts.Expression[]) =>
        args[index] ? { arg: args[index], code } : null;
    if (declaring === 'NotFoundError') return at(0, (noun) => `${noun}_not_found`);
    if (declaring === 'ProviderUnavailableError') return at(0, (noun) => `${noun}_unavailable`);
    if (!declaring || declaring === 'DomainError') return at(0);
    const index = constructorOf.get(declaring)!.indexOf('code');
    return index >= 0 ? at(index) : () => null;
  };

  const codes: RaisedCodes = new Map();
  const templates: CodeTemplates = new Map();
  const unresolved: CodeTemplates = new Map();
  const where = (file: ts.SourceFile, node: ts.Node) =>
    `${relative(root, file.fileName)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const addTemplate = (node: ts.Expression, file: ts.SourceFile) => {
    if (ts.isTemplateExpression(node) && CODE.test(node.head.text.replace(/_$/, '') || 'x'))
      templates.set(node.getText(file), where(file, node));
  };
  const add = (code: string, file: ts.SourceFile, node: ts.Node) => {
    if (!CODE.test(code) || codes.has(code)) return;
    const { line } = file.getLineAndCharacterOfPosition(node.getStart());
    codes.set(code, `${relative(root, file.fileName)}:${line + 1}`);
  };
  /**
   * Functions and methods that hand one of their parameters on as a code (positiveKrw's `code`,
   * a helper's noun): their name, which argument, and how the code is made of it. Their callers'
   * literals are read once every file has been seen.
   */
  const forwarders: { name: string; index: number; code: (value: string) => string }[] = [];
  const nameOf = (fn: ts.Node): string | null =>
    (ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.name && ts.isIdentifier(fn.name)
      ? fn.name.text
      : ts.isArrowFunction(fn) && ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)
        ? fn.parent.name.text
        : null;
  const fromCall = (name: string, args: readonly ts.Expression[], file: ts.SourceFile, enclosing: ts.SignatureDeclaration | null) => {
    const found = codeFrom(name)(args);
    if (!found) return;
    for (const value of literalsOf(found.arg)) add(found.code(value), file, found.arg);
    addTemplate(found.arg, file);
    if (literalsOf(found.arg).length > 0 || ts.isTemplateExpression(found.arg)) return;
    // A parameter of the function around: its callers spell the code. Anything else is reported.
    const index = ts.isIdentifier(found.arg) && enclosing ? parameterNames(enclosing.parameters).indexOf(found.arg.text) : -1;
    const forwarder = enclosing ? nameOf(enclosing) : null;
    if (index >= 0 && forwarder) forwarders.push({ name: forwarder, index, code: found.code });
    // A constructor's parameter: read at each `new` of its class.
    else if (
      index >= 0 &&
      enclosing &&
      ts.isConstructorDeclaration(enclosing) &&
      ts.isClassDeclaration(enclosing.parent) &&
      enclosing.parent.name
    )
      forwarders.push({ name: enclosing.parent.name.text, index, code: found.code });
    else unresolved.set(found.arg.getText(file), where(file, found.arg));
  };

  for (const file of parsed) {
    const visit = (node: ts.Node, enclosingClass: string | null, enclosing: ts.SignatureDeclaration | null) => {
      let inClass = enclosingClass;
      let inFunction = enclosing;
      if (ts.isClassDeclaration(node) && node.name) inClass = node.name.text;
      if (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isArrowFunction(node) || ts.isConstructorDeclaration(node))
        inFunction = node;
      if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && isDomainError(node.expression.text)) {
        fromCall(node.expression.text, node.arguments ?? [], file, inFunction);
      }
      // A DomainError subclass's super(...) into its parent (DomainError's own super is Error's).
      if (
        ts.isCallExpression(node) &&
        node.expression.kind === ts.SyntaxKind.SuperKeyword &&
        inClass &&
        inClass !== 'DomainError' &&
        isDomainError(inClass)
      ) {
        fromCall(parentOf.get(inClass)!, node.arguments, file, inFunction);
      }
      if (ts.isParameter(node) && ts.isIdentifier(node.name) && node.name.text === 'code' && node.initializer) {
        for (const value of literalsOf(node.initializer)) add(value, file, node);
      }
      ts.forEachChild(node, (child) => visit(child, inClass, inFunction));
    };
    visit(file, null, null);
  }
  // The callers of the forwarders (one level: a forwarder's own callers are literal in this code base).
  for (const file of parsed) {
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
        const callee = ts.isIdentifier(node.expression)
          ? node.expression.text
          : ts.isPropertyAccessExpression(node.expression)
            ? node.expression.name.text
            : null;
        for (const forwarder of forwarders.filter((candidate) => candidate.name === callee)) {
          const arg = node.arguments?.[forwarder.index];
          if (arg) for (const value of literalsOf(arg)) add(forwarder.code(value), file, arg);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return { codes, templates, unresolved };
}
