import { useEffect, useRef } from 'react';
import { echarts } from './echarts';

type Option = Parameters<ReturnType<typeof echarts.init>['setOption']>[0];

/**
 * One ECharts chart in a div. The div is an image to assistive technology, named by `label`;
 * the numbers it draws are in the table beside it. A click on a data item calls `onItem`.
 */
export function EChart({
  option,
  label,
  height,
  onItem,
}: {
  option: Option;
  label: string;
  height: number;
  onItem?: (dataIndex: number, seriesIndex: number) => void;
}) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof echarts.init>>(undefined);
  const handler = useRef(onItem);
  useEffect(() => {
    handler.current = onItem;
  }, [onItem]);

  useEffect(() => {
    const instance = echarts.init(element.current!, undefined, { renderer: 'svg' });
    chart.current = instance;
    instance.on('click', (params) => {
      handler.current?.(params.dataIndex, params.seriesIndex ?? 0);
    });
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(element.current!);
    return () => {
      resize.disconnect();
      instance.dispose();
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);

  return <div ref={element} role="img" aria-label={label} className="deelwijs-chart" style={{ height }} />;
}
