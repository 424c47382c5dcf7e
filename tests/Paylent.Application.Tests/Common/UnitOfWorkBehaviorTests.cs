using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Application.Common;
using Paylent.Application.Common.Behaviors;
using Paylent.Application.Common.Events;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Persistence;
using Paylent.Application.Common.Security;
using Paylent.Domain.Common;

namespace Paylent.Application.Tests.Common;

/// <summary>A command that loses a race runs again as if for the first time, and only its committed run leaves anything behind.</summary>
public sealed class UnitOfWorkBehaviorTests
{
    private sealed record Retried : ICommand<int>, IRetryOnConflict;

    private sealed record RetriedOften : ICommand<int>, IRetryOnConflict
    {
        int IRetryOnConflict.ConflictAttempts => 8;
    }

    private sealed record Read : IQuery<int>;

    /// <summary>Runs the work, then loses the race on the first <paramref name="lost"/> saves.</summary>
    private sealed class RacingUnitOfWork(int lost) : IUnitOfWork
    {
        public int Saves { get; private set; }

        public async Task<TResult> ExecuteAsync<TResult>(Func<Task<TResult>> work, CancellationToken cancellationToken)
        {
            var result = await work();
            return ++Saves <= lost ? throw new ConflictException("lost") : result;
        }
    }

    private static UnitOfWorkBehavior<Retried, int> Behavior(IUnitOfWork unitOfWork, AfterCommit afterCommit, AuditContext audit) =>
        new(unitOfWork, new ModuleEventDispatcher(new ServiceCollection().BuildServiceProvider()), afterCommit, audit);

    [Fact]
    public async Task Only_the_attempt_that_commits_does_its_after_commit_work_and_each_attempt_starts_as_the_request_did()
    {
        var afterCommit = new AfterCommit();
        var audit = new AuditContext();
        var actorsSeen = new List<AuditActor>();
        var done = new List<int>();
        var attempts = 0;

        var result = await Behavior(new RacingUnitOfWork(lost: 2), afterCommit, audit).Handle(new Retried(), CancellationToken.None, () =>
        {
            var attempt = ++attempts;
            actorsSeen.Add(audit.Actor);
            audit.IdentifyActor(AuditActor.User(Guid.NewGuid()));
            afterCommit.Do(() => done.Add(attempt));
            afterCommit.Do(_ =>
            {
                done.Add(attempt * 10);
                return Task.CompletedTask;
            });
            return Task.FromResult(attempt);
        });

        Assert.Equal(3, result);
        Assert.Equal([3, 30], done);
        Assert.All(actorsSeen, actor => Assert.Equal(AuditActor.System, actor));
    }

    [Fact]
    public async Task A_command_that_loses_every_attempt_does_none_of_its_after_commit_work()
    {
        var afterCommit = new AfterCommit();
        var done = 0;

        await Assert.ThrowsAsync<ConflictException>(() => Behavior(new RacingUnitOfWork(lost: IRetryOnConflict.DefaultAttempts), afterCommit, new AuditContext())
            .Handle(new Retried(), CancellationToken.None, () =>
            {
                afterCommit.Do(() => done++);
                return Task.FromResult(0);
            }));

        Assert.Equal(0, done);
        await afterCommit.RunAsync(CancellationToken.None);
        Assert.Equal(0, done);
    }

    [Fact]
    public async Task A_command_asking_for_more_attempts_gets_them_and_no_more()
    {
        var events = new ModuleEventDispatcher(new ServiceCollection().BuildServiceProvider());
        var wins = new UnitOfWorkBehavior<RetriedOften, int>(new RacingUnitOfWork(lost: 7), events, new AfterCommit(), new AuditContext());
        var loses = new UnitOfWorkBehavior<RetriedOften, int>(new RacingUnitOfWork(lost: 8), events, new AfterCommit(), new AuditContext());

        Assert.Equal(1, await wins.Handle(new RetriedOften(), CancellationToken.None, () => Task.FromResult(1)));
        await Assert.ThrowsAsync<ConflictException>(() => loses.Handle(new RetriedOften(), CancellationToken.None, () => Task.FromResult(1)));
    }

    [Fact]
    public void A_query_gets_no_unit_of_work_and_a_command_does()
    {
        // The container skips the behaviour for requests outside its constraint: a query resolves
        // neither it nor the database context it would rent.
        using var provider = new ServiceCollection().AddApplication().AddScoped<IUnitOfWork>(_ => new RacingUnitOfWork(lost: 0)).BuildServiceProvider();
        using var scope = provider.CreateScope();

        Assert.DoesNotContain(scope.ServiceProvider.GetServices<IPipelineBehavior<Read, int>>(), b => b.GetType().Name.StartsWith("UnitOfWorkBehavior", StringComparison.Ordinal));
        Assert.Contains(scope.ServiceProvider.GetServices<IPipelineBehavior<Retried, int>>(), b => b is UnitOfWorkBehavior<Retried, int>);
    }
}
