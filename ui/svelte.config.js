// Svelte compiler options for the nondominium UI: runes mode everywhere.
export default {
  compilerOptions: { runes: true },
};
