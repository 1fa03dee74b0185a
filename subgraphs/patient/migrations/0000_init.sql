CREATE SCHEMA "patient";
--> statement-breakpoint
CREATE TABLE "patient"."allergy" (
	"tenant_id" text NOT NULL,
	"id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"substance" text NOT NULL,
	"reaction" text,
	"severity" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by" text,
	CONSTRAINT "allergy_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "patient"."care_team" (
	"tenant_id" text NOT NULL,
	"patient_id" uuid NOT NULL,
	"practitioner_id" uuid NOT NULL,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "care_team_tenant_id_patient_id_practitioner_id_pk" PRIMARY KEY("tenant_id","patient_id","practitioner_id")
);
--> statement-breakpoint
CREATE TABLE "patient"."mrn_counter" (
	"tenant_id" text PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "patient"."patient" (
	"tenant_id" text NOT NULL,
	"id" uuid NOT NULL,
	"mrn" text NOT NULL,
	"given_name" text NOT NULL,
	"family_name" text NOT NULL,
	"birth_date" date NOT NULL,
	"sex" text NOT NULL,
	"phone" text,
	"email" text,
	"insurance_number" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "patient_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "patient_tenant_mrn_key" UNIQUE("tenant_id","mrn")
);
--> statement-breakpoint
CREATE TABLE "patient"."practitioner" (
	"tenant_id" text NOT NULL,
	"id" uuid NOT NULL,
	"given_name" text NOT NULL,
	"family_name" text NOT NULL,
	"role" text NOT NULL,
	"specialty" text,
	CONSTRAINT "practitioner_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "patient"."allergy" ADD CONSTRAINT "allergy_tenant_id_patient_id_patient_tenant_id_id_fk" FOREIGN KEY ("tenant_id","patient_id") REFERENCES "patient"."patient"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient"."care_team" ADD CONSTRAINT "care_team_tenant_id_patient_id_patient_tenant_id_id_fk" FOREIGN KEY ("tenant_id","patient_id") REFERENCES "patient"."patient"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient"."care_team" ADD CONSTRAINT "care_team_tenant_id_practitioner_id_practitioner_tenant_id_id_fk" FOREIGN KEY ("tenant_id","practitioner_id") REFERENCES "patient"."practitioner"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "allergy_tenant_patient_idx" ON "patient"."allergy" USING btree ("tenant_id","patient_id");--> statement-breakpoint
CREATE INDEX "care_team_tenant_practitioner_idx" ON "patient"."care_team" USING btree ("tenant_id","practitioner_id");--> statement-breakpoint
CREATE INDEX "patient_tenant_family_idx" ON "patient"."patient" USING btree ("tenant_id","family_name");