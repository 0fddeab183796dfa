import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { WEEKDAYS, Weekday } from './enums';

/** PostgreSQL prints times as HH:MM:SS (24:00:00 for the end of the day); the API speaks HH:MM. */
const hhmm = (time: string) => time.slice(0, 5);

/** HSDS schedule: one weekly opening of a location, in the location's own time zone. */
@ObjectType({
  description:
    "Weekly opening hours, in the location's time zone (HH:MM, 24 h; closesAt 24:00 is the end of the day, and a closesAt earlier than opensAt runs past midnight into the next day).",
})
@Entity('schedule')
export class Schedule {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'location_id' })
  locationId: string;

  /** ISO weekday: 1 is Monday, 7 is Sunday. */
  @Column('int')
  byday: number;

  @Column('time', { name: 'opens_at' })
  opensTime: string;

  @Column('time', { name: 'closes_at' })
  closesTime: string;

  @Field(() => Weekday)
  get weekday(): Weekday {
    return WEEKDAYS[this.byday - 1];
  }

  @Field()
  get opensAt(): string {
    return hhmm(this.opensTime);
  }

  @Field()
  get closesAt(): string {
    return hhmm(this.closesTime);
  }
}
