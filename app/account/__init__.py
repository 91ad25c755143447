"""Account self-service: change password or e-mail address, log out everywhere, download my data, delete
my account (DSGVO Art. 15–17, 20). The policy is in docs/account-and-retention.md."""
