"""The Platform API (`/platform/api/v1/...`): provisioning accounts, users and agent bots by platform apps."""
