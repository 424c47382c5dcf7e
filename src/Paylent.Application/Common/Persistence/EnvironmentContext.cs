namespace Paylent.Application.Common.Persistence;

/// <summary>
/// The environment (and its account) the current request or job acts in. Persistence filters every
/// environment-scoped query by it and refuses writes to any other environment; with none entered,
/// environment-scoped data is invisible.
/// </summary>
public sealed class EnvironmentContext
{
    public Guid? AccountId { get; private set; }

    public Guid? EnvironmentId { get; private set; }

    /// <summary>For use cases that only make sense inside an environment.</summary>
    public Guid RequiredEnvironmentId => EnvironmentId ?? throw new InvalidOperationException("No environment was entered.");

    public void EnterAccount(Guid accountId)
    {
        if (AccountId is { } current && current != accountId)
        {
            throw new InvalidOperationException("A scope cannot move to another account.");
        }

        AccountId = accountId;
    }

    public void Enter(Guid accountId, Guid environmentId)
    {
        EnterAccount(accountId);
        EnvironmentId = environmentId;
    }
}
