/** Labels on diagrams use the app's Vietnamese-friendly font (bpmn-js defaults to Arial). */
export const DIAGRAM_FONT = "'Be Vietnam Pro', 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif";
