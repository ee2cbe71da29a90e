using Microsoft.EntityFrameworkCore;

namespace Vetting.Server.Data;

/// <summary>
/// <see cref="VettingDbContext"/> on PostgreSQL (<c>database.provider: postgres</c>): the same model, with its own
/// migrations under <c>Data/Migrations/Postgres</c>, which EF finds by this type.
/// </summary>
public sealed class PostgresVettingDbContext(DbContextOptions<PostgresVettingDbContext> options) : VettingDbContext(options);
