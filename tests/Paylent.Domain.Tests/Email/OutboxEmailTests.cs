using Paylent.Domain.Email;

namespace Paylent.Domain.Tests.Email;

public sealed class OutboxEmailTests
{
    private static readonly DateTime Now = new(2026, 11, 22, 8, 0, 0, DateTimeKind.Utc);

    private static bool IsDue(OutboxEmail email, DateTime at) => OutboxEmail.DueAt(at).Compile()(email);

    private static OutboxEmail Enqueue() => OutboxEmail.Enqueue(null, "ada@example.com", id => $"sealed:{id}", Now);

    [Fact]
    public void A_new_message_is_sealed_for_its_own_id_and_due_at_once()
    {
        var email = Enqueue();

        Assert.Equal($"sealed:{email.Id}", email.SealedContent);
        Assert.True(IsDue(email, Now));
        Assert.Equal(0, email.Attempts);
    }

    [Fact]
    public void A_leased_message_is_not_due_until_the_lease_ends_and_the_lease_changes_the_version()
    {
        var email = Enqueue();
        var version = email.Version;

        email.Lease(Now.AddMinutes(2));

        Assert.NotEqual(version, email.Version);
        Assert.Equal(1, email.Attempts);
        Assert.False(IsDue(email, Now.AddMinutes(1)));
        Assert.True(IsDue(email, Now.AddMinutes(2)));
    }

    [Fact]
    public void A_sent_message_loses_its_content_and_is_never_due_again()
    {
        var email = Enqueue();
        email.Lease(Now.AddMinutes(2));

        email.MarkSent(Now);

        Assert.Equal(Now, email.SentAt);
        Assert.Empty(email.SealedContent);
        Assert.Null(email.LeasedUntil);
        Assert.False(IsDue(email, Now.AddDays(1)));
    }

    [Fact]
    public void A_failure_with_a_backoff_is_retried_after_it_and_keeps_the_content()
    {
        var email = Enqueue();
        email.Lease(Now.AddMinutes(2));

        email.MarkFailed("connection refused", TimeSpan.FromMinutes(5), Now);

        Assert.Null(email.FailedAt);
        Assert.Equal("connection refused", email.LastError);
        Assert.NotEmpty(email.SealedContent);
        Assert.False(IsDue(email, Now.AddMinutes(4)));
        Assert.True(IsDue(email, Now.AddMinutes(5)));
    }

    [Fact]
    public void A_failure_without_a_backoff_gives_up_and_erases_the_content()
    {
        var email = Enqueue();

        email.MarkFailed(new string('x', 5000), backoff: null, Now);

        Assert.Equal(Now, email.FailedAt);
        Assert.Empty(email.SealedContent);
        Assert.Equal(OutboxEmail.MaxErrorLength, email.LastError!.Length);
        Assert.False(IsDue(email, Now.AddDays(1)));
    }
}
