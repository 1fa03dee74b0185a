CREATE SCHEMA "appointment";
--> statement-breakpoint
CREATE TABLE "appointment"."appointment" (
	"tenant_id" text NOT NULL,
	"id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"practitioner_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"cancellation_reason" text,
	"booked_by" text NOT NULL,
	"booked_by_client" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appointment_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "appointment_ends_after_starts" CHECK ("appointment"."appointment"."ends_at" > "appointment"."appointment"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "appointment"."clinical_note" (
	"tenant_id" text NOT NULL,
	"appointment_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"subjective" text,
	"objective" text,
	"assessment" text,
	"plan" text,
	"authored_by" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "clinical_note_tenant_id_appointment_id_pk" PRIMARY KEY("tenant_id","appointment_id")
);
--> statement-breakpoint
ALTER TABLE "appointment"."clinical_note" ADD CONSTRAINT "clinical_note_appointment_fk" FOREIGN KEY ("tenant_id","appointment_id") REFERENCES "appointment"."appointment"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "appointment_tenant_patient_starts_idx" ON "appointment"."appointment" USING btree ("tenant_id","patient_id","starts_at");--> statement-breakpoint
CREATE INDEX "appointment_tenant_practitioner_starts_idx" ON "appointment"."appointment" USING btree ("tenant_id","practitioner_id","starts_at");--> statement-breakpoint
CREATE INDEX "appointment_tenant_starts_idx" ON "appointment"."appointment" USING btree ("tenant_id","starts_at");