using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Vetting.Server.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the server.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<VettingDbContext>
{
    public VettingDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<VettingDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
