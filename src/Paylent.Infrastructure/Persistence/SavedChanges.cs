using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Paylent.Domain.Common;

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
    /// <remarks>
    /// Empty (an empty array, which LINQ's operators pass through without an iterator) when nothing of
    /// <typeparamref name="T"/> is written: every observer asks about its own types on every save, and
    /// most saves (a token's, a session's) write none of them.
    /// </remarks>
    public IEnumerable<EntityEntry<T>> Of<T>()
        where T : class =>
        Writes<T>() ? All.Where(e => e.Entity is T).Select(e => _context.Entry((T)e.Entity)) : [];

    /// <summary>The written entities of <typeparamref name="T"/>; empty as <see cref="Of{T}"/> is.</summary>
    public IEnumerable<T> Entities<T>()
        where T : class =>
        Writes<T>() ? All.Select(e => e.Entity).OfType<T>() : [];

    /// <summary>
    /// The written entities of <typeparamref name="T"/> that changed, leaving out those written only for their
    /// version: a command holding an aggregate against a racing write (a role an inclusion leads to, a client
    /// given roles) changes nothing a cache keeps of it.
    /// </summary>
    public IEnumerable<T> Changed<T>()
        where T : AggregateRoot =>
        Of<T>().Where(e => e.State != EntityState.Modified || e.Properties.Any(p => p.IsModified && p.Metadata.Name != nameof(AggregateRoot.Version)))
            .Select(e => e.Entity);

    private bool Writes<T>()
    {
        foreach (var entry in All)
        {
            if (entry.Entity is T)
            {
                return true;
            }
        }

        return false;
    }
}
