CREATE TYPE "public"."availability" AS ENUM('online', 'away', 'offline');--> statement-breakpoint
CREATE TABLE "team_supervisors" (
	"team_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	CONSTRAINT "team_supervisors_team_id_user_id_pk" PRIMARY KEY("team_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "availability" "availability" DEFAULT 'online' NOT NULL;--> statement-breakpoint
ALTER TABLE "team_members" ADD COLUMN "last_turn" integer;--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "round_robin" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "team_supervisors" ADD CONSTRAINT "team_supervisors_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_supervisors" ADD CONSTRAINT "team_supervisors_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "team_supervisors_user_idx" ON "team_supervisors" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "teams_workspace_name_idx" ON "teams" USING btree ("workspace_id","name");