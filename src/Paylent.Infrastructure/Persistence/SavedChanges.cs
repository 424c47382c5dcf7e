using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Paylent.Infrastructure.Persistence;

/// <summary>
/// What one save writes: the entries added, modified or deleted, listed once as the save is prepared.
/// The save's guard, audit capture and observers read this list rather than the change tracker, which
/// also holds everything the request only read and would be scanned again by each of them (a dozen
/// scans per save on the token path).
/// </summary>
public sealed class SavedChanges
{
    private readonly DbContext _context;

    public SavedChanges(ChangeTracker tracker)
    {
        _context = tracker.Context;
        All = [.. tracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)];
    }

    public IReadOnlyList<EntityEntry> All { get; }

    /// <summary>The written entries of <typeparamref name="T"/> (an entity type or an interface entities implement).</summary>
    public IEnumerable<EntityEntry<T>> Of<T>()
        where T : class
    {
        foreach (var entry in All)
        {
            if (entry.Entity is T entity)
            {
                yield return _context.Entry(entity);
            }
        }
    }

    /// <summary>The written entities of <typeparamref name="T"/>.</summary>
    public IEnumerable<T> Entities<T>()
        where T : class =>
        All.Select(e => e.Entity).OfType<T>();
}
