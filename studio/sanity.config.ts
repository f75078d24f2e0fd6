import {defineConfig} from 'sanity'
import {structureTool} from 'sanity/structure'
import {deDELocale} from '@sanity/locale-de-de'
import {dataset, projectId} from './env'
import {schemaTypes} from './schemaTypes'

export default defineConfig({
  name: 'default',
  title: 'Kassel Service Point',
  projectId,
  dataset,
  plugins: [structureTool(), deDELocale()],
  schema: {types: schemaTypes},
})
