import {defineType, defineField} from 'sanity'
export const schemaTypes = [defineType({name:'partner', type:'document', fields:[defineField({name:'name', type:'string'})]})]
