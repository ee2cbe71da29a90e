using Vetting.Server.Configuration;

namespace Vetting.Server.Pxe;

public static class PxeRegistration
{
    public static IServiceCollection AddVettingPxe(this IServiceCollection services, PxeOptions options) => services;
}
