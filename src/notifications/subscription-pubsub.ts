import type { PubSub } from 'type-graphql';

const NO_TOPICS = "Beacon's subscriptions bring their own streams (@Subscription's subscribe option), fed by notifications/fan-out.ts; none is published by topic.";

/**
 * type-graphql refuses to build a schema that has subscriptions without a PubSub, even when each
 * one brings its own stream. An in-process PubSub would also be wrong for Beacon: events must reach
 * subscribers of every instance, which only PostgreSQL's LISTEN/NOTIFY does here. So this one only
 * says so, should a subscription ever be declared with topics.
 */
export const noTopics: PubSub = {
  publish() {
    throw new Error(NO_TOPICS);
  },
  subscribe() {
    throw new Error(NO_TOPICS);
  },
};
