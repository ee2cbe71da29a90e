using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vetting.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class RunConcurrencyStamp : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Stamp",
                table: "runs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Stamp",
                table: "runs");
        }
    }
}
