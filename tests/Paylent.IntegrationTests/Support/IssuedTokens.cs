using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Infrastructure.OAuth;
using Paylent.Infrastructure.Persistence;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Support;

internal static class IssuedTokens
{
    /// <summary>The dashboard's count of access tokens issued with a grant type, all environments and hours, after a flush.</summary>
    public static async Task<long> CountAsync(PaylentApp app, string grantType)
    {
        await app.Services.GetRequiredService<TokenIssuanceFlusher>().FlushAsync(CancellationToken.None);
        return await app.WithServices(services => services.GetRequiredService<PaylentDbContext>().TokenIssuanceCounts.IgnoreQueryFilters()
            .Where(c => c.GrantType == grantType).SumAsync(c => c.Count));
    }
}
