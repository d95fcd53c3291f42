// The whole public surface of @pdk/templates, by name.

export type { Template, TemplateSummary } from './load-template.js'
export {
  BUILTIN_TEMPLATES,
  BUILTIN_TEMPLATES_DIR,
  findTemplateInPackage,
  isBuiltinTemplate,
  listTemplates,
  loadTemplate,
} from './load-template.js'
export type { RenderedFile } from './render-template.js'
export { outputPath, renderTemplate, renderTemplateFiles, writeRenderedFiles } from './render-template.js'
export type { PackageManager, TemplateContext, TemplateContextInput } from './template-context.js'
export { createTemplateContext, mergePermissions, VERSIONS } from './template-context.js'
export type {
  TemplateManifest,
  TemplateType,
  TemplateValue,
  TemplateVariable,
  TemplateVariableType,
} from './template-manifest.js'
export { checkTemplateManifest, checkValue, parseValue, variableFlag } from './template-manifest.js'
