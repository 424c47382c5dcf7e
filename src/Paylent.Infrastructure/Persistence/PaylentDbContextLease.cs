using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Persistence;

namespace Paylent.Infrastructure.Persistence;

/// <summary>
/// One DI scope's rental of a pooled <see cref="PaylentDbContext"/>: rented and bound to the scope's
/// request when first needed, returned exactly once when the scope ends. The context and every module's
/// data port resolve to the one instance this lease holds.
/// </summary>
internal sealed class PaylentDbContextLease(IDbContextFactory<PaylentDbContext> factory, EnvironmentContext scope, AuditCapture audit, SaveObservers observers)
    : IDisposable, IAsyncDisposable
{
    public PaylentDbContext Context { get; } = factory.CreateDbContext().BindTo(scope, audit, observers.All).Leased();

    public void Dispose() => Context.Return();

    public ValueTask DisposeAsync() => Context.ReturnAsync();
}
