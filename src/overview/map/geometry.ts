// The municipalities' boundaries, projected once into SVG path strings. Projecting is the costly part
// of drawing the map; colours and titles are applied per request on top of these cached strings.
import { Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { DATA_DIR } from '../../database/reference-data';
import { D3Geo, loadD3Geo } from './d3-geo-loader';

export interface MunicipalityShape {
  /** Statistics Finland's 3-digit code */
  code: string;
  /** SVG path data in the map's coordinates */
  d: string;
}

export interface MapGeometry {
  width: number;
  height: number;
  shapes: MunicipalityShape[];
}

type MunicipalityProperties = { id: string };
export type MunicipalityTopology = Topology<{ munis: GeometryCollection<MunicipalityProperties> }>;

export const MAP_WIDTH = 420;
const MARGIN = 8;

export function readMunicipalityTopology(): MunicipalityTopology {
  return JSON.parse(readFileSync(path.join(DATA_DIR, 'finland-municipalities-2021.topo.json'), 'utf8'));
}

/**
 * Transverse Mercator on 27° E, the central meridian of Finland's own ETRS-TM35FIN grid, so the map
 * looks the way Finnish maps do; fitted to the width, the height follows the country's shape.
 */
export function projectMunicipalities(d3: D3Geo, topology: MunicipalityTopology, width = MAP_WIDTH): MapGeometry {
  const municipalities = feature(topology, topology.objects.munis);
  const projection = d3.geoTransverseMercator().rotate([-27, 0]).fitWidth(width - 2 * MARGIN, municipalities);
  const [tx, ty] = projection.translate();
  projection.translate([tx + MARGIN, ty + MARGIN]);
  const toPath = d3.geoPath(projection).digits(1);
  const [, [, bottom]] = toPath.bounds(municipalities);
  return {
    width,
    height: Math.ceil(bottom + MARGIN),
    shapes: municipalities.features
      .map((f) => ({ code: f.properties.id, d: toPath(f) ?? '' }))
      .sort((a, b) => a.code.localeCompare(b.code)),
  };
}

/** Projects on first use and keeps the result for the life of the process. */
@Injectable()
export class MunicipalityGeometry {
  private projected?: Promise<MapGeometry>;

  get(): Promise<MapGeometry> {
    this.projected ??= loadD3Geo()
      .then((d3) => projectMunicipalities(d3, readMunicipalityTopology()))
      .catch((err: unknown) => {
        this.projected = undefined; // let the next request try again
        throw err;
      });
    return this.projected;
  }
}
