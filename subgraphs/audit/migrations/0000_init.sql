CREATE SCHEMA "audit";
--> statement-breakpoint
CREATE TABLE "audit"."access_event" (
	"tenant_id" text NOT NULL,
	"id" uuid NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"actor_id" text NOT NULL,
	"actor_roles" text[] NOT NULL,
	"client_id" text,
	"action" text NOT NULL,
	"resource_type" text NOT NULL,
	"resource_id" text NOT NULL,
	"patient_id" uuid,
	"fields" text[] NOT NULL,
	"operation_name" text,
	"request_id" text NOT NULL,
	"outcome" text NOT NULL,
	"purpose_of_use" text,
	CONSTRAINT "access_event_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE INDEX "access_event_tenant_occurred_idx" ON "audit"."access_event" USING btree ("tenant_id","occurred_at");--> statement-breakpoint
CREATE INDEX "access_event_tenant_patient_idx" ON "audit"."access_event" USING btree ("tenant_id","patient_id","occurred_at");