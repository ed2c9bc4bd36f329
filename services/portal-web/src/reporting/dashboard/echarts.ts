/**
 * The part of Apache ECharts the dashboard draws with, and nothing more: bars (bullet charts),
 * lines (burn-up), scatter (target marks), their grid, legend and tooltip, and the SVG renderer.
 * Decal patterns (bands that read without colour) are part of the core.
 */
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  LineChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  SVGRenderer,
]);

export { echarts };
