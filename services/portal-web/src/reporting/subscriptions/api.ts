import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { data } from '../../api/client';
import type { components } from '../../api/openapi/reporting';
import { reportingApi } from '../report/api';

export type Subscription = components['schemas']['SubscriptionView'];
export type SubscriptionInput = components['schemas']['SubscriptionBody'];
export type Delivery = components['schemas']['DeliveryView'];

const keys = {
  subscriptions: ['reporting', 'subscriptions'] as const,
  deliveries: ['reporting', 'deliveries'] as const,
};

export function useSubscriptions() {
  return useQuery({
    queryKey: keys.subscriptions,
    queryFn: async () =>
      ((await data(reportingApi.GET('/v1/subscriptions'))) as unknown as { items: Subscription[] }).items,
  });
}

export function useDeliveries() {
  return useQuery({
    queryKey: keys.deliveries,
    queryFn: async () =>
      ((await data(reportingApi.GET('/v1/deliveries', {}))) as unknown as { items: Delivery[] }).items,
    // A delivery in progress changes on its own: look again while one is pending.
    refetchInterval: (query) =>
      query.state.data?.some((delivery) => delivery.status === 'pending') ? 2000 : false,
  });
}

export function useSubscribe() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: SubscriptionInput) =>
      (await data(reportingApi.POST('/v1/subscriptions', { body: input }))) as unknown as Subscription,
    onSuccess: () => client.invalidateQueries({ queryKey: keys.subscriptions }),
  });
}

export function useUnsubscribe() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      await data(reportingApi.DELETE('/v1/subscriptions/{id}', { params: { path: { id } } }));
    },
    onSuccess: () => client.invalidateQueries({ queryKey: keys.subscriptions }),
  });
}

export function useRetryDelivery() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) =>
      (await data(
        reportingApi.POST('/v1/deliveries/{id}/attempts', { params: { path: { id } } }),
      )) as unknown as Delivery,
    onSuccess: () => client.invalidateQueries({ queryKey: keys.deliveries }),
  });
}
