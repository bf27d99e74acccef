"""Each person's memberships as insurers report them: the lifetime history of their coverage
(`coverage`), and the intake of insurers' reports one by one or thousands at once (`intake`)."""
