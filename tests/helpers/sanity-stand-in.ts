// The stand-in of Sanity's query endpoint lives in scripts/lib so the bench can use it too.
export { startSanityStandIn, type StandIn, type StandInRequest } from '../../dev/sanity-stand-in.ts';
