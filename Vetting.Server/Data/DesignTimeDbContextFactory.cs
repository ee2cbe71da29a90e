using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Vetting.Server.Data;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build the SQLite model without starting the server. A change to the model also
/// needs its compiled models regenerated (scripts/ef-compiled-models.sh, which uses both factories).
/// </summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<VettingDbContext>
{
    public VettingDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<VettingDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>
/// The same for PostgreSQL (<c>dotnet ef migrations add NAME --context PostgresVettingDbContext -o Data/Migrations/Postgres</c>);
/// adding a migration needs no server, so the connection string is never opened.
/// </summary>
public sealed class PostgresDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgresVettingDbContext>
{
    public PostgresVettingDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresVettingDbContext>().UseNpgsql("Host=localhost;Database=vetting").Options);
}
