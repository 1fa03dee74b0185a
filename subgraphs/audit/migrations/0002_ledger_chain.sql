CREATE TABLE "audit"."checkpoint" (
	"tenant_id" text NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text NOT NULL,
	"purged_count" bigint NOT NULL,
	"purged_before" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"signature" text NOT NULL,
	CONSTRAINT "checkpoint_tenant_id_seq_pk" PRIMARY KEY("tenant_id","seq")
);
--> statement-breakpoint
DROP INDEX "audit"."access_event_tenant_patient_idx";--> statement-breakpoint
ALTER TABLE "audit"."access_event" ADD COLUMN "seq" bigint NOT NULL;--> statement-breakpoint
ALTER TABLE "audit"."access_event" ADD COLUMN "source" text NOT NULL;--> statement-breakpoint
ALTER TABLE "audit"."access_event" ADD COLUMN "prev_hash" text NOT NULL;--> statement-breakpoint
ALTER TABLE "audit"."access_event" ADD COLUMN "hash" text NOT NULL;--> statement-breakpoint
CREATE INDEX "access_event_tenant_patient_seq_idx" ON "audit"."access_event" USING btree ("tenant_id","patient_id","seq");--> statement-breakpoint
CREATE INDEX "access_event_tenant_actor_seq_idx" ON "audit"."access_event" USING btree ("tenant_id","actor_id","seq");--> statement-breakpoint
ALTER TABLE "audit"."access_event" ADD CONSTRAINT "access_event_tenant_seq_key" UNIQUE("tenant_id","seq");