using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vetting.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class Sites : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Partition",
                table: "workflow_instances",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Site",
                table: "runs",
                type: "TEXT",
                nullable: false,
                defaultValue: "default");

            migrationBuilder.AddColumn<string>(
                name: "Site",
                table: "hosts",
                type: "TEXT",
                nullable: false,
                defaultValue: "default");

            migrationBuilder.CreateTable(
                name: "sites",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    PublicUrl = table.Column<string>(type: "TEXT", nullable: false),
                    Version = table.Column<string>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastSeenAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sites", x => x.Name);
                });

            migrationBuilder.CreateIndex(
                name: "IX_workflow_instances_Partition",
                table: "workflow_instances",
                column: "Partition");

            migrationBuilder.CreateIndex(
                name: "IX_runs_Site_State",
                table: "runs",
                columns: new[] { "Site", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_hosts_Site",
                table: "hosts",
                column: "Site");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sites");

            migrationBuilder.DropIndex(
                name: "IX_workflow_instances_Partition",
                table: "workflow_instances");

            migrationBuilder.DropIndex(
                name: "IX_runs_Site_State",
                table: "runs");

            migrationBuilder.DropIndex(
                name: "IX_hosts_Site",
                table: "hosts");

            migrationBuilder.DropColumn(
                name: "Partition",
                table: "workflow_instances");

            migrationBuilder.DropColumn(
                name: "Site",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "Site",
                table: "hosts");
        }
    }
}
