namespace Paylent.Infrastructure.Persistence;

/// <summary>
/// Something outside the database that must follow what a save changes (a process cache dropping
/// stale entries). The context asks every observer before it saves and runs what they return only
/// once the save has committed, so a rolled-back save leaves them untouched.
/// </summary>
public interface ISaveObserver
{
    /// <returns>What to do once the save has committed.</returns>
    IReadOnlyList<Action> Collect(SavedChanges changes);
}

/// <summary>Every registered <see cref="ISaveObserver"/>, collected once for the process rather than on each request.</summary>
internal sealed class SaveObservers(IEnumerable<ISaveObserver> observers)
{
    public IReadOnlyList<ISaveObserver> All { get; } = observers.ToList();
}
