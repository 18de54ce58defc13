// Typeset the formulas of each page with KaTeX. arithmatex (generic mode) leaves
// them as \( ... \) and \[ ... \] inside .arithmatex elements; Material's
// document$ fires on every page load.
document$.subscribe(({ body }) => {
  for (const element of body.querySelectorAll(".arithmatex")) {
    renderMathInElement(element, {
      delimiters: [
        { left: "\\[", right: "\\]", display: true },
        { left: "\\(", right: "\\)", display: false },
      ],
      throwOnError: false,
    });
  }
});
