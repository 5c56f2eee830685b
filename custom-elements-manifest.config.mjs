// `npx cem analyze`: writes custom-elements.json (the Custom Elements Manifest) at the
// repository root from the JSDoc on the element classes (@tagname @summary @attr @fires
// @cssprop @slot, and the comments on public properties and methods).
export default {
  globs: ['src/elements/**/*.ts'],
  // The define files only register; the classes are documented where they are declared.
  exclude: ['src/elements/**/define.ts'],
  outdir: '.',
  litelement: true,
  // package.json already names the manifest ("customElements"); leave it as it is.
  packagejson: false,
  plugins: [
    {
      name: 'rechat-emit',
      // The shared emit(type, detail) helper dispatches the events each element documents
      // with @fires; the analyzer would list it as an event named "type".
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules) {
          for (const declaration of mod.declarations ?? []) {
            if (declaration.events) declaration.events = declaration.events.filter((event) => event.name !== 'type');
          }
        }
      },
    },
  ],
};
