// Placeholder until this view is built (issue 7); it will take ViewProps from ../sections.js.
export function ErasuresView(): React.JSX.Element {
  return <p>Not built yet.</p>;
}
