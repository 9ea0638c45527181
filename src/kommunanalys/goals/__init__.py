"""Goal follow-up: the goal tree of a committee, its indicators, targets, status and grades.

* :mod:`.model` — committees, units, goal tree, indicators, targets, values
* :mod:`.goal_file` — read a committee's goal file (TOML), naming every problem
* :mod:`.consistency` — targets that contradict their direction
* :mod:`.status` — etappmål met or not, on track to the målvärde or not
* :mod:`.grading` — the suggested goal-fulfilment grade from the etappmål met
* :mod:`.repository` — goal data in the database, with versions and the audit trail
* :mod:`.followup` — everything the pages, the API and the reports show
"""
