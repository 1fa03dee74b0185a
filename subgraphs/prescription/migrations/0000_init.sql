CREATE SCHEMA "prescription";
--> statement-breakpoint
CREATE TABLE "prescription"."medication" (
	"tenant_id" text NOT NULL,
	"prescription_id" uuid NOT NULL,
	"line" integer NOT NULL,
	"drug_code" text NOT NULL,
	"drug_name" text NOT NULL,
	"dose" text NOT NULL,
	"frequency" text NOT NULL,
	"days" integer NOT NULL,
	CONSTRAINT "medication_tenant_id_prescription_id_line_pk" PRIMARY KEY("tenant_id","prescription_id","line"),
	CONSTRAINT "medication_days_check" CHECK ("prescription"."medication"."days" between 1 and 365)
);
--> statement-breakpoint
CREATE TABLE "prescription"."prescription" (
	"tenant_id" text NOT NULL,
	"id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"prescriber_id" uuid NOT NULL,
	"appointment_id" uuid,
	"diagnosis_code" text NOT NULL,
	"diagnosis_display" text NOT NULL,
	"status" text NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"revocation_reason" text,
	CONSTRAINT "prescription_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "prescription"."medication" ADD CONSTRAINT "medication_tenant_id_prescription_id_prescription_tenant_id_id_fk" FOREIGN KEY ("tenant_id","prescription_id") REFERENCES "prescription"."prescription"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "prescription_tenant_patient_issued_idx" ON "prescription"."prescription" USING btree ("tenant_id","patient_id","issued_at");--> statement-breakpoint
CREATE INDEX "prescription_tenant_appointment_idx" ON "prescription"."prescription" USING btree ("tenant_id","appointment_id");